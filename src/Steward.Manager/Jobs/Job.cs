using Steward.Manager.Units;

namespace Steward.Manager.Jobs;

/// <summary>A queued or running state change of one unit.</summary>
public sealed class Job
{
    public Job(uint id, Unit unit, JobType type, bool irreversible)
    {
        Id = id;
        Unit = unit;
        Type = type;
        Irreversible = irreversible;
    }

    public uint Id { get; }

    public Unit Unit { get; }

    /// <summary>Changes when a restart's stop half is done and it goes on as a start.</summary>
    public JobType Type { get; set; }

    public JobState State { get; set; } = JobState.Waiting;

    public bool Irreversible { get; }

    /// <summary>Set when the job ran and is waiting for its unit to reach a state.</summary>
    public bool Started { get; set; }

    public IDisposable? Timeout { get; set; }

    public string ObjectPath => "/org/freedesktop/systemd1/job/" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
