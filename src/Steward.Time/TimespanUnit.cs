namespace Steward.Time;

/// <summary>One spelling of a time span unit and its length in microseconds.</summary>
public readonly record struct TimespanUnit(string Suffix, ulong Microseconds);
