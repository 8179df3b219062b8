namespace Steward.Units.Loading;

/// <summary>Which manager's unit files an operation works on (systemctl <c>--system</c>, <c>--user</c>,
/// <c>--global</c>).</summary>
public enum UnitScope
{
    System,
    User,
    Global,
}
