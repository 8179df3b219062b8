using Steward.Time;

namespace Steward.Manager.Definitions;

public enum ServiceType
{
    Simple,
    Exec,
    Forking,
    Oneshot,
    Dbus,
    Notify,
    Idle,
}

public enum RestartPolicy
{
    No,
    OnSuccess,
    OnFailure,
    OnAbnormal,
    OnWatchdog,
    OnAbort,
    Always,
}

public enum KillMode
{
    ControlGroup,
    Process,
    Mixed,
    None,
}

public enum NotifyAccess
{
    None,
    Main,
    Exec,
    All,
}

/// <summary>Exit statuses and signals listed by <c>SuccessExitStatus=</c> and friends.</summary>
public sealed class ExitStatusSet
{
    public HashSet<int> Statuses { get; } = [];

    public HashSet<int> Signals { get; } = [];

    public bool IsEmpty => Statuses.Count == 0 && Signals.Count == 0;

    public void Clear()
    {
        Statuses.Clear();
        Signals.Clear();
    }
}

/// <summary>The execution context of man systemd.exec that Steward applies: who runs, where, with what
/// environment and standard streams.</summary>
public sealed class ExecContextDefinition
{
    public string? User { get; set; }

    public string? Group { get; set; }

    public List<string> SupplementaryGroups { get; } = [];

    public string? WorkingDirectory { get; set; }

    public bool WorkingDirectoryMissingOk { get; set; }

    public string? RootDirectory { get; set; }

    /// <summary><c>Environment=</c> assignments in order (later ones win).</summary>
    public List<string> Environment { get; } = [];

    /// <summary><c>EnvironmentFile=</c> paths; a leading <c>-</c> marks a file that may be missing.</summary>
    public List<string> EnvironmentFiles { get; } = [];

    public List<string> PassEnvironment { get; } = [];

    public List<string> UnsetEnvironment { get; } = [];

    public int? UMask { get; set; }

    public int? Nice { get; set; }

    public int? OomScoreAdjust { get; set; }

    /// <summary><c>Limit*=</c> settings as written, by directive name.</summary>
    public Dictionary<string, string> Limits { get; } = new(StringComparer.Ordinal);

    public bool NoNewPrivileges { get; set; }

    public string StandardInput { get; set; } = "null";

    public string StandardOutput { get; set; } = "journal";

    public string StandardError { get; set; } = "inherit";

    public string? SyslogIdentifier { get; set; }

    public Dictionary<string, List<string>> Directories { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> DirectoryModes { get; } = new(StringComparer.Ordinal);

    public string RuntimeDirectoryPreserve { get; set; } = "no";
}

/// <summary>The <c>[Service]</c> section of a unit, with systemd's defaults.</summary>
public sealed class ServiceDefinition
{
    public ServiceType Type { get; set; } = ServiceType.Simple;

    /// <summary>Whether <c>Type=</c> was given: a unit without it and without ExecStart= is a oneshot.</summary>
    public bool TypeSet { get; set; }

    public bool RemainAfterExit { get; set; }

    public bool GuessMainPid { get; set; } = true;

    public string? PidFile { get; set; }

    public Dictionary<string, List<ExecCommand>> Commands { get; } = new(StringComparer.Ordinal);

    public RestartPolicy Restart { get; set; } = RestartPolicy.No;

    public ulong RestartUSec { get; set; } = 100 * Timespan.Millisecond;

    public ulong? TimeoutStartUSec { get; set; }

    public ulong TimeoutStopUSec { get; set; } = 90 * Timespan.Second;

    public ulong? TimeoutAbortUSec { get; set; }

    public ulong RuntimeMaxUSec { get; set; } = Timespan.Infinity;

    public ulong WatchdogUSec { get; set; }

    public ExitStatusSet SuccessExitStatus { get; } = new();

    public ExitStatusSet RestartPreventExitStatus { get; } = new();

    public ExitStatusSet RestartForceExitStatus { get; } = new();

    public NotifyAccess NotifyAccess { get; set; } = NotifyAccess.None;

    public bool NotifyAccessSet { get; set; }

    public KillMode KillMode { get; set; } = KillMode.ControlGroup;

    public int KillSignal { get; set; } = 15;

    public int? RestartKillSignal { get; set; }

    public int FinalKillSignal { get; set; } = 9;

    public bool SendSigkill { get; set; } = true;

    public bool SendSighup { get; set; }

    public ExecContextDefinition Context { get; } = new();

    public IReadOnlyList<ExecCommand> CommandsOf(string directive) =>
        Commands.TryGetValue(directive, out List<ExecCommand>? list) ? list : [];

    /// <summary>TimeoutStartSec= as it applies: oneshot services wait forever unless told otherwise.</summary>
    public ulong EffectiveTimeoutStartUSec => TimeoutStartUSec ?? (Type == ServiceType.Oneshot ? Timespan.Infinity : 90 * Timespan.Second);
}
