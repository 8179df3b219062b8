namespace Steward.Time;

/// <summary>
/// A calendar event bound to the zone of the process that computes its elapses, as systemd computes them
/// there: in the process's own zone (sharing its mktime memory), in UTC, or, for an event with its own zone,
/// in a forked child each time, which starts from the process's mktime memory and hands nothing back.
/// </summary>
public sealed class CalendarSchedule
{
    private readonly TimeZoneRules _local;
    private readonly TimeZoneRules _zone;

    public CalendarSchedule(CalendarSpec spec, TimeZoneRules local)
    {
        Spec = spec;
        _local = local;
        _zone = spec.ResolveZone(local);
    }

    public CalendarSpec Spec { get; }

    /// <summary>The first elapse strictly after <paramref name="afterUsec"/> (μs since the epoch).</summary>
    public CalendarSearchResult TryNext(ulong afterUsec, out ulong next)
    {
        if (!ReferenceEquals(_zone, _local))
        {
            _zone.InheritMakeTime(_local);
        }

        return Spec.TryNextElapse(afterUsec, _zone, out next);
    }
}
