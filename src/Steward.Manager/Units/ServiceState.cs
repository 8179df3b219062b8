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

/// <summary>Exit statuses and signals worded as systemd's logs word them (<c>status=203/EXEC</c>, <c>status=9/KILL</c>).</summary>
public static class ExitStatusText
{
    public static string Signal(int signal) => Steward.Exec.Signals.Name(signal);

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
            ? Steward.Exec.ExitStatusNames.Format(status)
            : $"{status}/{Signal(status)}";
        return $"code={codeName}, status={detail}";
    }
}
