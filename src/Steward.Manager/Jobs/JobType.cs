namespace Steward.Manager.Jobs;

public enum JobType
{
    Start,
    VerifyActive,
    Stop,
    Reload,
    Restart,
    TryRestart,
    TryReload,
    ReloadOrStart,
    Nop,
}

public enum JobState
{
    Waiting,
    Running,
}

public enum JobMode
{
    Fail,
    Replace,
    ReplaceIrreversibly,
    Isolate,
    Flush,
    IgnoreDependencies,
    IgnoreRequirements,
    Triggering,
}

/// <summary>How a job ended (the JobRemoved signal's result string).</summary>
public enum JobResult
{
    Done,
    Canceled,
    Timeout,
    Failed,
    Dependency,
    Skipped,
    Invalid,
    Assert,
    Unsupported,
    Collected,
    Once,
}

public static class JobNames
{
    public static string Of(JobType type) => type switch
    {
        JobType.Start => "start",
        JobType.VerifyActive => "verify-active",
        JobType.Stop => "stop",
        JobType.Reload => "reload",
        JobType.Restart => "restart",
        JobType.TryRestart => "try-restart",
        JobType.TryReload => "try-reload",
        JobType.ReloadOrStart => "reload-or-start",
        _ => "nop",
    };

    public static string Of(JobState state) => state == JobState.Waiting ? "waiting" : "running";

    public static string Of(JobResult result) => result switch
    {
        JobResult.Done => "done",
        JobResult.Canceled => "canceled",
        JobResult.Timeout => "timeout",
        JobResult.Failed => "failed",
        JobResult.Dependency => "dependency",
        JobResult.Skipped => "skipped",
        JobResult.Invalid => "invalid",
        JobResult.Assert => "assert",
        JobResult.Unsupported => "unsupported",
        JobResult.Collected => "collected",
        _ => "once",
    };

    public static JobMode? ParseMode(string text) => text switch
    {
        "fail" => JobMode.Fail,
        "replace" => JobMode.Replace,
        "replace-irreversibly" => JobMode.ReplaceIrreversibly,
        "isolate" => JobMode.Isolate,
        "flush" => JobMode.Flush,
        "ignore-dependencies" => JobMode.IgnoreDependencies,
        "ignore-requirements" => JobMode.IgnoreRequirements,
        "triggering" => JobMode.Triggering,
        _ => null,
    };

    /// <summary>Stop-like jobs go first whatever the ordering (systemd's rule for mixed start/stop pairs).</summary>
    public static bool IsStopLike(JobType type) => type is JobType.Stop or JobType.Restart;
}
