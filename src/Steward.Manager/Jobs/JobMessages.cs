using Steward.Manager.Definitions;
using Steward.Manager.Engine;
using Steward.Manager.Units;

namespace Steward.Manager.Jobs;

/// <summary>The words systemd 252 logs when a job starts and ends, per unit type and result
/// ("Starting x - Desc...", "Started …", "Finished …" for oneshots, "Reached target …").</summary>
internal static class JobMessages
{
    public static void Starting(UnitManager manager, Job job)
    {
        string name = job.Unit.Definition.CombinedName;
        string suffix = job.Unit.Definition.Suffix;
        (string? text, string id) = job.Type switch
        {
            JobType.Start or JobType.ReloadOrStart when suffix is "service" => ($"Starting {name}...", MessageIds.UnitStarting),
            JobType.Stop or JobType.Restart when suffix is "service" => ($"Stopping {name}...", MessageIds.UnitStopping),
            JobType.Reload when suffix is "service" => ($"Reloading {name}...", MessageIds.UnitReloading),
            _ => ((string?)null, ""),
        };
        if (text is not null)
        {
            Write(manager, job, text, id, null);
        }
    }

    public static void Stopped(UnitManager manager, Unit unit)
    {
        string name = unit.Definition.CombinedName;
        string text = unit.Definition.Suffix switch
        {
            "target" => $"Stopped target {name}.",
            "slice" => $"Removed slice {name}.",
            _ => $"Stopped {name}.",
        };
        manager.Log.Write(new ManagerLogEntry(6, text, unit.Id, Fields(unit, MessageIds.UnitStopped, null, "done")));
    }

    public static void Done(UnitManager manager, Job job, JobResult result)
    {
        Unit unit = job.Unit;
        string name = unit.Definition.CombinedName;
        string suffix = unit.Definition.Suffix;
        bool oneshot = unit.Definition.Service is { Type: ServiceType.Oneshot };
        string? text = (job.Type, result) switch
        {
            (JobType.Start or JobType.VerifyActive, JobResult.Done) => suffix switch
            {
                "target" => $"Reached target {name}.",
                "slice" => $"Created slice {name}.",
                "service" when oneshot => $"Finished {name}.",
                _ => $"Started {name}.",
            },
            (JobType.Start, JobResult.Failed) => suffix == "target" ? $"Failed to reach target {name}." : $"Failed to start {name}.",
            (JobType.Start or JobType.VerifyActive, JobResult.Dependency) => $"Dependency failed for {name}.",
            (JobType.Start, JobResult.Timeout) => $"Timed out starting {name}.",
            (JobType.Start, JobResult.Assert) => $"Assertion failed for {name}.",
            (JobType.Start, JobResult.Unsupported) => $"Starting of {name} unsupported.",
            (JobType.Start, JobResult.Skipped) => unit.FailedCondition is { } c
                ? $"{name} was skipped because of an unmet condition check ({c.Name}={(c.Triggering ? "|" : "")}{(c.Negated ? "!" : "")}{c.Value})."
                : null,
            (JobType.Stop, JobResult.Done) => suffix switch
            {
                "target" => $"Stopped target {name}.",
                "slice" => $"Removed slice {name}.",
                _ => $"Stopped {name}.",
            },
            (JobType.Stop, JobResult.Failed) => $"Stopped (with error) {name}.",
            (JobType.Stop, JobResult.Timeout) => $"Timed out stopping {name}.",
            (JobType.Reload or JobType.ReloadOrStart, JobResult.Done) => $"Reloaded {name}.",
            (JobType.Reload or JobType.ReloadOrStart, JobResult.Failed) => $"Reload failed for {name}.",
            (JobType.Reload, JobResult.Timeout) => $"Timed out reloading {name}.",
            _ => null,
        };
        if (text is null)
        {
            return;
        }

        string id = (job.Type, result) switch
        {
            (JobType.Start or JobType.VerifyActive, JobResult.Done) => MessageIds.UnitStarted,
            (JobType.Stop, JobResult.Done) => MessageIds.UnitStopped,
            (JobType.Reload or JobType.ReloadOrStart, JobResult.Done) => MessageIds.UnitReloaded,
            (JobType.Start, JobResult.Skipped) => "",
            _ => MessageIds.UnitFailed,
        };
        int priority = result is JobResult.Done or JobResult.Skipped ? 6 : 3;
        manager.Log.Write(new ManagerLogEntry(priority, text, unit.Id, Fields(unit, id, job, JobNames.Of(result))));
    }

    private static void Write(UnitManager manager, Job job, string text, string messageId, string? result) =>
        manager.Log.Write(new ManagerLogEntry(6, text, job.Unit.Id, Fields(job.Unit, messageId, job, result)));

    private static List<KeyValuePair<string, string>> Fields(Unit unit, string messageId, Job? job, string? result)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (messageId.Length > 0)
        {
            fields.Add(new("MESSAGE_ID", messageId));
        }

        if (job is not null)
        {
            fields.Add(new("JOB_ID", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(new("JOB_TYPE", JobNames.Of(job.Type)));
        }

        if (result is not null)
        {
            fields.Add(new("JOB_RESULT", result));
        }

        if (unit.InvocationId != Guid.Empty)
        {
            fields.Add(new("INVOCATION_ID", unit.InvocationId.ToString("N")));
        }

        return fields;
    }
}
