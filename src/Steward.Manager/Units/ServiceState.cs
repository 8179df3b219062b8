namespace Steward.Manager.Units;

/// <summary>The sub-states of a service (systemctl's SUB column), in the order a life passes them.</summary>
public enum ServiceState
{
    Dead,
    Condition,
    StartPre,
    Start,
    StartPost,
    Running,
    Exited,
    Reload,
    Stop,
    StopWatchdog,
    StopSigterm,
    StopSigkill,
    StopPost,
    FinalWatchdog,
    FinalSigterm,
    FinalSigkill,
    Failed,
    AutoRestart,
    Cleaning,
}

/// <summary>Why a service ended the way it did (the Result= property).</summary>
public enum ServiceResult
{
    Success,
    Resources,
    Protocol,
    Timeout,
    ExitCode,
    Signal,
    CoreDump,
    Watchdog,
    StartLimitHit,
    ExecCondition,
}

public static class ServiceStates
{
    public static string Name(ServiceState state) => state switch
    {
        ServiceState.Dead => "dead",
        ServiceState.Condition => "condition",
        ServiceState.StartPre => "start-pre",
        ServiceState.Start => "start",
        ServiceState.StartPost => "start-post",
        ServiceState.Running => "running",
        ServiceState.Exited => "exited",
        ServiceState.Reload => "reload",
        ServiceState.Stop => "stop",
        ServiceState.StopWatchdog => "stop-watchdog",
        ServiceState.StopSigterm => "stop-sigterm",
        ServiceState.StopSigkill => "stop-sigkill",
        ServiceState.StopPost => "stop-post",
        ServiceState.FinalWatchdog => "final-watchdog",
        ServiceState.FinalSigterm => "final-sigterm",
        ServiceState.FinalSigkill => "final-sigkill",
        ServiceState.Failed => "failed",
        ServiceState.AutoRestart => "auto-restart",
        _ => "cleaning",
    };

    public static UnitActiveState ActiveStateOf(ServiceState state) => state switch
    {
        ServiceState.Dead => UnitActiveState.Inactive,
        ServiceState.Condition or ServiceState.StartPre or ServiceState.Start or ServiceState.StartPost or ServiceState.AutoRestart => UnitActiveState.Activating,
        ServiceState.Running or ServiceState.Exited => UnitActiveState.Active,
        ServiceState.Reload => UnitActiveState.Reloading,
        ServiceState.Failed => UnitActiveState.Failed,
        ServiceState.Cleaning => UnitActiveState.Maintenance,
        _ => UnitActiveState.Deactivating,
    };

    public static string Name(ServiceResult result) => result switch
    {
        ServiceResult.Success => "success",
        ServiceResult.Resources => "resources",
        ServiceResult.Protocol => "protocol",
        ServiceResult.Timeout => "timeout",
        ServiceResult.ExitCode => "exit-code",
        ServiceResult.Signal => "signal",
        ServiceResult.CoreDump => "core-dump",
        ServiceResult.Watchdog => "watchdog",
        ServiceResult.StartLimitHit => "start-limit-hit",
        _ => "exec-condition",
    };
}

/// <summary>One run of an Exec*= command, as the ExecStart= property and status's "Process:" lines show it.</summary>
public sealed class ExecRun
{
    public int Pid { get; set; }

    public Engine.DualTimestamp StartTimestamp { get; set; }

    public Engine.DualTimestamp ExitTimestamp { get; set; }

    public Engine.ExitCode Code { get; set; }

    public int Status { get; set; }

    public bool Exited => ExitTimestamp.IsSet;
}

/// <summary>systemd's names for exit statuses and signals as logs and status print them
/// (<c>status=203/EXEC</c>, <c>status=9/KILL</c>).</summary>
public static class ExitStatusText
{
    private static readonly string[] SignalNames =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public static string Signal(int signal) =>
        signal > 0 && signal < SignalNames.Length ? SignalNames[signal]
        : signal >= 34 && signal <= 64 ? (signal == 34 ? "RTMIN" : signal == 64 ? "RTMAX" : $"RTMIN+{signal - 34}")
        : signal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string? ExitName(int status) => status switch
    {
        0 => "SUCCESS",
        1 => "FAILURE",
        2 => "INVALIDARGUMENT",
        3 => "NOTIMPLEMENTED",
        4 => "NOPERMISSION",
        5 => "NOTINSTALLED",
        6 => "NOTCONFIGURED",
        7 => "NOTRUNNING",
        200 => "CHDIR",
        201 => "NICE",
        202 => "FDS",
        203 => "EXEC",
        204 => "MEMORY",
        205 => "LIMITS",
        206 => "OOM_ADJUST",
        207 => "SIGNAL_MASK",
        208 => "STDIN",
        209 => "STDOUT",
        210 => "CHROOT",
        211 => "IOPRIO",
        212 => "TIMERSLACK",
        213 => "SECUREBITS",
        214 => "SETSCHEDULER",
        215 => "CPUAFFINITY",
        216 => "GROUP",
        217 => "USER",
        218 => "CAPABILITIES",
        219 => "CGROUP",
        220 => "SETSID",
        221 => "CONFIRM",
        222 => "STDERR",
        224 => "PAM",
        225 => "NETWORK",
        226 => "NAMESPACE",
        227 => "NO_NEW_PRIVILEGES",
        228 => "SECCOMP",
        229 => "SELINUX_CONTEXT",
        230 => "PERSONALITY",
        231 => "APPARMOR",
        232 => "ADDRESS_FAMILIES",
        233 => "RUNTIME_DIRECTORY",
        235 => "CHOWN",
        236 => "SMACK_PROCESS_LABEL",
        237 => "KEYRING",
        238 => "STATE_DIRECTORY",
        239 => "CACHE_DIRECTORY",
        240 => "LOGS_DIRECTORY",
        241 => "CONFIGURATION_DIRECTORY",
        242 => "NUMA",
        243 => "CREDENTIALS",
        245 => "BPF",
        _ => null,
    };

    /// <summary><c>code=exited, status=1/FAILURE</c> or <c>code=killed, status=9/KILL</c>, as the
    /// "Main process exited" message words it.</summary>
    public static string Describe(Engine.ExitCode code, int status)
    {
        string codeName = code switch
        {
            Engine.ExitCode.Exited => "exited",
            Engine.ExitCode.Killed => "killed",
            _ => "dumped",
        };
        string detail = code == Engine.ExitCode.Exited
            ? (ExitName(status) is { } name ? $"{status}/{name}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : $"{status}/{Signal(status)}";
        return $"code={codeName}, status={detail}";
    }
}
