using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>kill(2) for one process.</summary>
public static class ProcessSignals
{
    /// <summary>Sends the signal; false when the process is gone (ESRCH). Other errors throw.</summary>
    public static bool Send(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (Libc.kill(pid, signal) == 0)
        {
            return true;
        }

        int errno = Libc.LastError;
        if (errno == Libc.ESRCH)
        {
            return false;
        }

        throw new ExecException($"Failed to send {Signals.FullName(signal)} to {pid}: {Libc.StrError(errno)}", errno);
    }

    /// <summary>Whether the process exists (kill with signal 0; a zombie counts until reaped).</summary>
    public static bool Exists(int pid) => pid > 0 && (Libc.kill(pid, 0) == 0 || Libc.LastError != Libc.ESRCH);
}

/// <summary>The fallback when no cgroup can be made: a service started with NewSession leads its own process
/// group (pgid = main pid), so its whole group can be signalled.</summary>
public static class ProcessGroups
{
    /// <summary>Sends the signal to every process of the group; false when the group is empty (ESRCH).</summary>
    public static bool Kill(int processGroup, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(processGroup, 1);
        if (Libc.kill(-processGroup, signal) == 0)
        {
            return true;
        }

        int errno = Libc.LastError;
        if (errno == Libc.ESRCH)
        {
            return false;
        }

        throw new ExecException($"Failed to send {Signals.FullName(signal)} to process group {processGroup}: {Libc.StrError(errno)}", errno);
    }
}
