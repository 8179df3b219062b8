namespace Steward.Units.Directives;

/// <summary>Checks one value; returns systemd's message for a bad value, or null when it is accepted.</summary>
public delegate string? ValueParser(string key, string value);
