using Steward.Time;

namespace Steward.Manager.Definitions;

/// <summary>One <c>Condition…=</c> or <c>Assert…=</c> line: <c>|</c> makes it a triggering condition
/// (any one of them suffices), <c>!</c> negates it.</summary>
public sealed record UnitCondition(string Name, bool Triggering, bool Negated, string Value)
{
    public bool IsAssert => Name.StartsWith("Assert", StringComparison.Ordinal);

    public string Text => $"{Name}={(Triggering ? "|" : "")}{(Negated ? "!" : "")}{Value}";
}

/// <summary>A unit as its files describe it: what the loader produced, before any run-time state.</summary>
public sealed class UnitDefinition
{
    public UnitDefinition(string id) => Id = id;

    public string Id { get; }

    /// <summary>Every name the unit is known by, <see cref="Id"/> first.</summary>
    public List<string> Names { get; } = [];

    public string Suffix => Id[(Id.LastIndexOf('.') + 1)..];

    public UnitLoadState LoadState { get; set; } = UnitLoadState.Stub;

    /// <summary>Why the unit did not load (systemd's LoadError= message).</summary>
    public string? LoadError { get; set; }

    public string? FragmentPath { get; set; }

    public List<string> DropInPaths { get; } = [];

    public string Description { get; set; } = "";

    public List<string> Documentation { get; } = [];

    public Dictionary<DependencyKind, List<string>> Dependencies { get; } = [];

    public bool DefaultDependencies { get; set; } = true;

    public bool StopWhenUnneeded { get; set; }

    public bool RefuseManualStart { get; set; }

    public bool RefuseManualStop { get; set; }

    public bool AllowIsolate { get; set; }

    public bool IgnoreOnIsolate { get; set; }

    public ulong StartLimitIntervalUSec { get; set; } = 10 * Timespan.Second;

    public uint StartLimitBurst { get; set; } = 5;

    public ulong JobTimeoutUSec { get; set; } = Timespan.Infinity;

    public List<UnitCondition> Conditions { get; } = [];

    public ServiceDefinition? Service { get; set; }

    /// <summary>What the loader found wrong, already worded as systemd logs it ("file:line: …").</summary>
    public List<string> Messages { get; } = [];

    public bool IsLoaded => LoadState == UnitLoadState.Loaded;

    public void AddDependency(DependencyKind kind, string other)
    {
        if (!Dependencies.TryGetValue(kind, out List<string>? list))
        {
            list = [];
            Dependencies[kind] = list;
        }

        if (!list.Contains(other))
        {
            list.Add(other);
        }
    }

    public IReadOnlyList<string> DependenciesOf(DependencyKind kind) =>
        Dependencies.TryGetValue(kind, out List<string>? list) ? list : [];

    /// <summary>Description as systemd's combined status format shows it: "name - description", or just the name.</summary>
    public string CombinedName => Description.Length == 0 || Description == Id ? Id : $"{Id} - {Description}";
}
