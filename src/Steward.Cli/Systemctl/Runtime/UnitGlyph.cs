namespace Steward.Cli.Systemctl.Runtime;

/// <summary>The mark systemctl puts before a unit for its active state (status header, list-dependencies,
/// TriggeredBy=): ● running or changing, ○ inactive, × failed.</summary>
public static class UnitGlyph
{
    public const string Active = "●";
    public const string Inactive = "○";
    public const string Failed = "×";

    public static string For(string activeState) => activeState switch
    {
        "failed" => Failed,
        "inactive" or "maintenance" => Inactive,
        "" => Inactive,
        _ => Active,
    };
}
