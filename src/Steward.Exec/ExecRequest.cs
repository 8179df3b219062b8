using System.Runtime.InteropServices;

namespace Steward.Exec;

/// <summary>Everything needed to start one service process: the command, its environment and the execution
/// context the executor applies before <c>execve</c>. The manager builds it complete (environment included);
/// this layer does no unit-file interpretation.</summary>
public sealed record ExecRequest
{
    /// <summary>Absolute path of the program to execute (the manager resolves it).</summary>
    public required string Path { get; init; }

    /// <summary>The whole argv; <c>Arguments[0]</c> is argv[0].</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The complete environment, "KEY=VALUE" each.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Directory to change into (after the user change, as systemd does); "~" means the user's home.
    /// Null leaves the manager's directory, which for a system manager is "/".</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>WorkingDirectory=-PATH: a missing directory is not an error (the process stays in "/").</summary>
    public bool WorkingDirectoryMissingOk { get; init; }

    /// <summary>RootDirectory=: chroot before the user change.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>User= as a name or a number; resolved in the executor (the groups of the user are set with
    /// initgroups semantics).</summary>
    public string? User { get; init; }

    /// <summary>Group= as a name or a number; defaults to the user's primary group.</summary>
    public string? Group { get; init; }

    /// <summary>SupplementaryGroups=, names or numbers.</summary>
    public IReadOnlyList<string> SupplementaryGroups { get; init; } = [];

    /// <summary>UMask=; null leaves the manager's umask (systemd's default for services is 0022).</summary>
    public int? UMask { get; init; }

    /// <summary>Nice= (-20..19).</summary>
    public int? Nice { get; init; }

    /// <summary>OOMScoreAdjust= (-1000..1000).</summary>
    public int? OomScoreAdjust { get; init; }

    /// <summary>LimitXXX= settings, parsed by <see cref="ResourceLimits"/>.</summary>
    public IReadOnlyList<ResourceLimit> Limits { get; init; } = [];

    /// <summary>NoNewPrivileges=.</summary>
    public bool NoNewPrivileges { get; init; }

    public StdioTarget Stdin { get; init; } = StdioTarget.Null;

    public StdioTarget Stdout { get; init; } = StdioTarget.Inherit;

    public StdioTarget Stderr { get; init; } = StdioTarget.Inherit;

    /// <summary>Descriptors that become fds 3, 4, … of the service, in order (socket activation). The caller
    /// keeps ownership; they are duplicated for the child.</summary>
    public IReadOnlyList<SafeHandle> PassedFds { get; init; } = [];

    /// <summary>Absolute cgroupfs directory the process joins (own pid into cgroup.procs) before exec.</summary>
    public string? CgroupPath { get; init; }

    /// <summary>setsid(): the service leads its own session and process group (pgid = pid).</summary>
    public bool NewSession { get; init; } = true;

    /// <summary>IgnoreSIGPIPE=: SIGPIPE is ignored in the service; every other signal has its default action.</summary>
    public bool IgnoreSigpipe { get; init; } = true;
}

/// <summary>How a file target opens its path.</summary>
public enum StdioFileMode
{
    /// <summary>Read only (StandardInput=file:).</summary>
    Read,

    /// <summary>Write, created if missing, not truncated (StandardOutput=file:).</summary>
    Write,

    /// <summary>Append, created if missing (StandardOutput=append:).</summary>
    Append,

    /// <summary>Write, created and truncated (StandardOutput=truncate:).</summary>
    Truncate,
}

/// <summary>Where one of the standard streams of the service goes.</summary>
public abstract record StdioTarget
{
    private StdioTarget()
    {
    }

    /// <summary>/dev/null.</summary>
    public static StdioTarget Null { get; } = new NullTarget();

    /// <summary>The manager's own descriptor of the same number.</summary>
    public static StdioTarget Inherit { get; } = new InheritTarget();

    public sealed record NullTarget : StdioTarget;

    public sealed record InheritTarget : StdioTarget;

    /// <summary>A path opened by the executor (as root, before the user change), files created 0666 &amp; ~umask.</summary>
    public sealed record File(string Path, StdioFileMode Mode) : StdioTarget;

    /// <summary>A descriptor the manager holds (a pipe, a socket, a tty).</summary>
    public sealed record Fd(SafeHandle Handle) : StdioTarget;

    /// <summary>journald's stdout stream socket: the executor connects and sends the stream header. When the
    /// socket cannot be reached the stream falls back to /dev/null with a warning, as systemd does.</summary>
    public sealed record Journal(string SocketPath, string Identifier, string UnitId, int Priority, bool LevelPrefix)
        : StdioTarget
    {
        public bool ForwardToSyslog { get; init; }

        public bool ForwardToKmsg { get; init; }

        public bool ForwardToConsole { get; init; }
    }
}
