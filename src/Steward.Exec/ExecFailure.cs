namespace Steward.Exec;

/// <summary>Why the executor gave up before <c>execve</c> succeeded. The process then exits with
/// <see cref="ExitStatus"/> (systemd's codes: 200/CHDIR, 203/EXEC, 217/USER …).</summary>
/// <param name="ExitStatus">The exit status the child ends with.</param>
/// <param name="Step">systemd's step name ("EXEC", "CHDIR", "USER"): <see cref="ExitStatusNames.Name"/> of the status.</param>
/// <param name="Errno">The errno of the failing call, 0 when there is none to report.</param>
/// <param name="Message">The detail line systemd logs first ("Failed to locate executable /bin/nope: No such file
/// or directory"), or null when systemd logs none.</param>
public sealed record ExecFailure(int ExitStatus, string Step, int Errno, string? Message)
{
    /// <summary>The lines a manager logs for this failure, prefixed by "unit: " each, as systemd 252 does:
    /// the detail (if any), then "Failed at step EXEC spawning /bin/nope: No such file or directory" (when there
    /// is an errno).</summary>
    public IEnumerable<string> LogLines(string executable)
    {
        if (Message is not null)
        {
            yield return Message;
        }

        if (Errno != 0)
        {
            yield return $"Failed at step {Step} spawning {executable}: {Native.Libc.StrError(Errno)}";
        }
    }
}

/// <summary>What the executor reported before exec: warnings (e.g. the journal socket was missing) and, when it
/// did not reach exec, the failure.</summary>
public sealed record ExecReport(IReadOnlyList<string> Warnings, ExecFailure? Failure)
{
    public static ExecReport Empty { get; } = new([], null);
}

/// <summary>The process could not be created at all (posix_spawn failed, or, on the direct path, the program
/// could not be executed). <see cref="Failure"/> is set when the failure has a systemd exit status the manager
/// should record as if the process had exited with it (203/EXEC on the direct path).</summary>
public sealed class ExecException : Exception
{
    public ExecException(string message, int errno, ExecFailure? failure = null)
        : base(message)
    {
        Errno = errno;
        Failure = failure;
    }

    public ExecException()
        : base("Failed to spawn process")
    {
    }

    public ExecException(string message)
        : base(message)
    {
    }

    public ExecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Errno { get; }

    public ExecFailure? Failure { get; }
}
