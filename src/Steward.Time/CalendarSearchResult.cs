namespace Steward.Time;

/// <summary>How a next-elapse search ended.</summary>
public enum CalendarSearchResult
{
    /// <summary>An elapse was found.</summary>
    Found,

    /// <summary>The event does not elapse again (up to the year 2199).</summary>
    Never,

    /// <summary>The search went round in circles and gave up after <see cref="CalendarSpec.MaxSearchRounds"/>
    /// rounds, as systemd does ("Infinite loop in calendar calculation", EDEADLK).</summary>
    InfiniteLoop,
}
