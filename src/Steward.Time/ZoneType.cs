namespace Steward.Time;

/// <summary>One local time type: UTC offset in seconds east, DST flag and abbreviation.</summary>
public readonly record struct ZoneType(int Offset, bool IsDst, string Abbreviation);
