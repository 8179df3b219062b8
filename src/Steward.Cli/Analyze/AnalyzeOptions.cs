using Steward.Cli.CommandLine;

namespace Steward.Cli.Analyze;

/// <summary>systemd-analyze 252's options in the order of its long-option table.</summary>
public static class AnalyzeOptions
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("help", 'h', ArgumentKind.None, "help"),
        new("version", null, ArgumentKind.None, "version"),
        new("quiet", 'q', ArgumentKind.None, "quiet"),
        new("order", null, ArgumentKind.None, "order"),
        new("require", null, ArgumentKind.None, "require"),
        new("root", null, ArgumentKind.Required, "root"),
        new("image", null, ArgumentKind.Required, "image"),
        new("recursive-errors", null, ArgumentKind.Required, "recursive-errors"),
        new("offline", null, ArgumentKind.Required, "offline"),
        new("threshold", null, ArgumentKind.Required, "threshold"),
        new("security-policy", null, ArgumentKind.Required, "security-policy"),
        new("system", null, ArgumentKind.None, "system"),
        new("user", null, ArgumentKind.None, "user"),
        new("global", null, ArgumentKind.None, "global"),
        new("from-pattern", null, ArgumentKind.Required, "from-pattern"),
        new("to-pattern", null, ArgumentKind.Required, "to-pattern"),
        new("fuzz", null, ArgumentKind.Required, "fuzz"),
        new("no-pager", null, ArgumentKind.None, "no-pager"),
        new("man", null, ArgumentKind.Optional, "man"),
        new("generators", null, ArgumentKind.Optional, "generators"),
        new("host", 'H', ArgumentKind.Required, "host"),
        new("machine", 'M', ArgumentKind.Required, "machine"),
        new("iterations", null, ArgumentKind.Required, "iterations"),
        new("base-time", null, ArgumentKind.Required, "base-time"),
        new("unit", 'U', ArgumentKind.Required, "unit"),
        new("json", null, ArgumentKind.Required, "json"),
        new("profile", null, ArgumentKind.Required, "profile"),
    ];
}
