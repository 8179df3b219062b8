using Steward.Units.Loading;

namespace Steward.Manager.Engine;

/// <summary>Where a manager runs: its scope, and the root under which every path it uses lies.</summary>
public sealed record ManagerOptions(UnitScope Scope, string Root)
{
    /// <summary>A path of the manager (e.g. <c>/run/systemd/private</c>) on the file system.</summary>
    public string Physical(string path) => Root.Length == 0 || Root == "/" ? path : Root.TrimEnd('/') + path;

    public string DefaultUnit { get; init; } = "default.target";

    public string? ProcessEnvironmentPath { get; init; }
}
