using System.Runtime.InteropServices;
using System.Threading.Channels;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>How a child ended, as systemd's "code=" says it.</summary>
public enum ExitKind
{
    /// <summary>code=exited, Status is the exit status.</summary>
    Exited,

    /// <summary>code=killed, Status is the signal.</summary>
    Killed,

    /// <summary>code=dumped (killed with a core dump), Status is the signal.</summary>
    Dumped,
}

/// <summary>One reaped child.</summary>
public readonly record struct ChildExited(int Pid, ExitKind Kind, int Status)
{
    /// <summary>"exited", "killed" or "dumped".</summary>
    public string Code => Kind switch
    {
        ExitKind.Exited => "exited",
        ExitKind.Killed => "killed",
        _ => "dumped",
    };

    /// <summary>True for a clean exit 0.</summary>
    public bool Succeeded => Kind == ExitKind.Exited && Status == 0;
}

/// <summary>Reaps every child of this process (and, as PID 1 or a subreaper, every orphan handed to it) and
/// reports each exit once on <see cref="Events"/>.
/// <para>One per process (<see cref="Start"/>). A dedicated thread blocks in waitid(P_ALL, WEXITED); when there is
/// no child it sleeps until <see cref="Spawner"/> (or <see cref="Poke"/>) says one was started, or a second
/// passes. It does not depend on SIGCHLD: on start it pins the .NET runtime's SIGCHLD handling and resets the
/// disposition to SIG_DFL, because the runtime itself reaps every child (waitpid(-1)) when it runs as PID 1 or
/// when SIGCHLD was inherited as ignored, which would lose exit statuses. Consequence: do not use
/// System.Diagnostics.Process in a process that started the reaper.</para></summary>
public sealed unsafe class ChildReaper
{
    private static readonly object s_gate = new();
    private static ChildReaper? s_instance;

    private readonly Channel<ChildExited> _events = Channel.CreateUnbounded<ChildExited>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly AutoResetEvent _spawned = new(false);
    private readonly PosixSignalRegistration? _pin;

    private ChildReaper()
    {
        // Make the runtime install (and mark installed) its SIGCHLD handler now, so that it never installs it
        // later (Console does on first use), then take the disposition back.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the execution layer is Linux only");
        }

        _pin = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, context => context.Cancel = true);
        byte* action = stackalloc byte[Libc.SigActionSize];
        new Span<byte>(action, Libc.SigActionSize).Clear();
        *(nint*)action = Libc.SIG_DFL;
        Libc.sigaction(Libc.SIGCHLD, action, null);

        var thread = new Thread(Loop) { IsBackground = true, Name = "steward-reaper" };
        thread.Start();
    }

    /// <summary>The process's reaper, started on first call.</summary>
    public static ChildReaper Start()
    {
        lock (s_gate)
        {
            return s_instance ??= new ChildReaper();
        }
    }

    /// <summary>The reaper if started.</summary>
    public static ChildReaper? Current => Volatile.Read(ref s_instance);

    /// <summary>Every reaped child, in reaping order. Meant for one reader (the manager's loop).</summary>
    public ChannelReader<ChildExited> Events => _events.Reader;

    /// <summary>Wakes the reaper when a child was created by other means than <see cref="Spawner"/>.</summary>
    public void Poke() => _spawned.Set();

    internal static void NotifySpawned() => Current?._spawned.Set();

    private void Loop()
    {
        GC.KeepAlive(_pin);
        byte* info = stackalloc byte[Libc.SigInfoSize];
        while (true)
        {
            new Span<byte>(info, Libc.SigInfoSize).Clear();
            if (Libc.waitid(Libc.P_ALL, 0, info, Libc.WEXITED) < 0)
            {
                int errno = Libc.LastError;
                if (errno == Libc.ECHILD)
                {
                    _spawned.WaitOne(TimeSpan.FromSeconds(1));
                }

                continue;
            }

            if (ToEvent(info) is { } exited)
            {
                _events.Writer.TryWrite(exited);
            }
        }
    }

    /// <summary>siginfo_t: si_code at 8, si_pid at 16, si_status at 24 (Linux, 64-bit).</summary>
    internal static ChildExited? ToEvent(byte* info)
    {
        int code = *(int*)(info + 8);
        int pid = *(int*)(info + 16);
        int status = *(int*)(info + 24);
        if (pid <= 0)
        {
            return null;
        }

        var kind = code switch
        {
            Libc.CLD_EXITED => ExitKind.Exited,
            Libc.CLD_DUMPED => ExitKind.Dumped,
            _ => ExitKind.Killed,
        };
        return new ChildExited(pid, kind, status);
    }
}

/// <summary>PR_SET_CHILD_SUBREAPER: orphaned descendants are re-parented to this process instead of PID 1, so
/// <see cref="ChildReaper"/> reaps them (the fallback for services without their own cgroup).</summary>
public static class Subreaper
{
    /// <summary>Marks this process a subreaper; throws <see cref="ExecException"/> if the kernel refuses.</summary>
    public static void Enable()
    {
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        {
            throw new ExecException($"Failed to become a subreaper: {Libc.StrError(Libc.LastError)}", Libc.LastError);
        }
    }

    public static unsafe bool IsEnabled
    {
        get
        {
            int value = 0;
            return Libc.prctl(Libc.PR_GET_CHILD_SUBREAPER, (nuint)(&value), 0, 0, 0) == 0 && value != 0;
        }
    }
}
