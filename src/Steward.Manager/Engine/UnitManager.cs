using Steward.Manager.Definitions;
using Steward.Manager.Jobs;
using Steward.Manager.Loading;
using Steward.Manager.Units;
using Steward.Units.Loading;

namespace Steward.Manager.Engine;

/// <summary>
/// Owns every unit and job of one manager. Single-threaded: all calls come from the <see cref="EventLoop"/>.
/// Units are loaded on demand with everything they reference, dependencies are recorded on both
/// sides, and state changes flow back here to finish jobs and to propagate (BindsTo=, OnFailure=, …).
/// </summary>
public sealed class UnitManager
{
    private readonly Dictionary<string, Unit> _units = new(StringComparer.Ordinal);
    private UnitLoader _loader;
    private readonly List<string> _environment;

    public UnitManager(ManagerOptions options, EventLoop loop, IProcessSupervisor processes, IManagerLog log)
    {
        Options = options;
        Loop = loop;
        Processes = processes;
        Log = log;
        _loader = new UnitLoader(UnitSearchPaths.For(options.Scope, options.Root));
        _environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];
        Conditions = new ConditionEvaluator(() => _environment);
        Jobs = new JobEngine(this);
        processes.ProcessExited += OnProcessExited;
        processes.NotifyReceived += OnNotify;
    }

    public ManagerOptions Options { get; }

    public EventLoop Loop { get; }

    public IProcessSupervisor Processes { get; }

    public IManagerLog Log { get; }

    public ConditionEvaluator Conditions { get; }

    public JobEngine Jobs { get; }

    public UnitSearchPaths Paths => _loader.Paths;

    public IReadOnlyList<string> Environment => _environment;

    public DualTimestamp StartupTimestamp { get; } = DualTimestamp.Now();

    public DualTimestamp FinishTimestamp { get; set; }

    /// <summary>Every unit once (aliases not repeated), in load order.</summary>
    public IEnumerable<Unit> Units => _units.Values.Distinct();

    /// <summary>Raised for new units, changed properties, and removed units (D-Bus signals follow these).</summary>
    public event Action<Unit>? UnitNew;

    public event Action<Unit>? UnitChanged;

    public event Action<Unit>? UnitRemoved;

    public event Action<bool>? Reloading;

    public Unit? Find(string name) => _units.GetValueOrDefault(name);

    /// <summary>The unit of <paramref name="name"/>, loading it (and what it references) when needed.</summary>
    public Unit Load(string name)
    {
        if (_units.TryGetValue(name, out Unit? existing))
        {
            return existing;
        }

        var pending = new List<Unit>();
        Unit unit = LoadOne(name, pending);
        Complete(pending);
        foreach (Unit loaded in pending)
        {
            UnitNew?.Invoke(loaded);
        }

        return unit;
    }

    /// <summary>Loads what <paramref name="pending"/> references (adding to it), wires both sides of every
    /// dependency, and logs what the loader found wrong.</summary>
    private void Complete(List<Unit> pending)
    {
        for (int i = 0; i < pending.Count; i++)
        {
            foreach (string other in ReferencedNames(pending[i].Definition))
            {
                if (!_units.ContainsKey(other))
                {
                    LoadOne(other, pending);
                }
            }
        }

        foreach (Unit unit in pending)
        {
            WireDependencies(unit);
        }

        foreach (Unit unit in pending)
        {
            foreach (string message in unit.Definition.Messages)
            {
                Log.Write(new ManagerLogEntry(4, message, unit.Id));
            }
        }
    }

    private Unit LoadOne(string name, List<Unit> pending)
    {
        UnitDefinition definition = _loader.Load(name);
        if (_units.TryGetValue(definition.Id, out Unit? aliased))
        {
            // The name is an alias of a unit already loaded.
            _units[name] = aliased;
            return aliased;
        }

        AddImplicitDependencies(definition);
        Unit unit = Create(definition);
        foreach (string n in definition.Names)
        {
            _units.TryAdd(n, unit);
        }

        _units[name] = unit;
        pending.Add(unit);
        return unit;
    }

    private Unit Create(UnitDefinition definition) => definition.Suffix switch
    {
        "service" => new ServiceUnit(this, definition),
        "target" => new TargetUnit(this, definition),
        "slice" => new SliceUnit(this, definition),
        _ => new UnsupportedUnit(this, definition),
    };

    private static IEnumerable<string> ReferencedNames(UnitDefinition definition) =>
        definition.Dependencies.Values.SelectMany(v => v).Distinct();

    /// <summary>The implicit dependencies of man systemd.special and systemd.service/target/slice
    /// ("Implicit Dependencies", "Default Dependencies").</summary>
    private void AddImplicitDependencies(UnitDefinition d)
    {
        if (!d.IsLoaded)
        {
            return;
        }

        bool system = Options.Scope == UnitScope.System;
        switch (d.Suffix)
        {
            case "service":
                if (d.Id != "system.slice")
                {
                    d.AddDependency(DependencyKind.Requires, system ? "system.slice" : "app.slice");
                    d.AddDependency(DependencyKind.After, system ? "system.slice" : "app.slice");
                }

                if (d.DefaultDependencies)
                {
                    if (system)
                    {
                        d.AddDependency(DependencyKind.Requires, "sysinit.target");
                        d.AddDependency(DependencyKind.After, "sysinit.target");
                    }

                    d.AddDependency(DependencyKind.After, "basic.target");
                    d.AddDependency(DependencyKind.Conflicts, "shutdown.target");
                    d.AddDependency(DependencyKind.Before, "shutdown.target");
                }

                break;
            case "target":
                if (d.DefaultDependencies)
                {
                    d.AddDependency(DependencyKind.Conflicts, "shutdown.target");
                    d.AddDependency(DependencyKind.Before, "shutdown.target");
                }

                break;
            case "slice":
                if (d.Id != "-.slice")
                {
                    string parent = d.Id.LastIndexOf('-') is int dash and > 0 ? d.Id[..dash] + ".slice" : "-.slice";
                    d.AddDependency(DependencyKind.Requires, parent);
                    d.AddDependency(DependencyKind.After, parent);
                }

                if (d.DefaultDependencies && d.Id != "-.slice")
                {
                    d.AddDependency(DependencyKind.Conflicts, "shutdown.target");
                    d.AddDependency(DependencyKind.Before, "shutdown.target");
                }

                break;
        }
    }

    private void WireDependencies(Unit unit)
    {
        foreach ((DependencyKind kind, List<string> names) in unit.Definition.Dependencies)
        {
            foreach (string name in names)
            {
                if (!_units.TryGetValue(name, out Unit? other))
                {
                    continue;
                }

                unit.AddDependency(kind, other);
                if (DependencyKinds.ReverseOf(kind) is { } reverse)
                {
                    other.AddDependency(reverse, unit);
                }

                // Targets order themselves after what they want or require (man systemd.target).
                if (unit.Definition.Suffix == "target" && unit.Definition.DefaultDependencies && kind is DependencyKind.Wants or DependencyKind.Requires
                    && other.Definition.DefaultDependencies && other.Definition.IsLoaded)
                {
                    unit.AddDependency(DependencyKind.After, other);
                    other.AddDependency(DependencyKind.Before, unit);
                }
            }
        }
    }

    /// <summary>daemon-reload: re-reads every unit file; units keep their run-time state (processes, timestamps).</summary>
    public void Reload()
    {
        Reloading?.Invoke(true);
        Log.Write(new ManagerLogEntry(6, "Reloading."));
        _loader = new UnitLoader(UnitSearchPaths.For(Options.Scope, Options.Root));
        List<Unit> old = [.. Units];
        _units.Clear();
        var pending = new List<Unit>();
        foreach (Unit unit in old)
        {
            UnitDefinition definition = _loader.Load(unit.Id);
            AddImplicitDependencies(definition);
            unit.Definition = definition;
            unit.ClearDependencies();
            foreach (string n in definition.Names)
            {
                _units.TryAdd(n, unit);
            }

            _units.TryAdd(unit.Id, unit);
            pending.Add(unit);
        }

        Complete(pending);
        CollectGarbage();
        Reloading?.Invoke(false);
    }

    /// <summary>Forgets units nobody needs: inactive, no job, not failed, not referenced by a loaded unit's dependency.</summary>
    public void CollectGarbage()
    {
        var referenced = new HashSet<Unit>();
        foreach (Unit unit in Units)
        {
            if (unit.Job is not null || unit.ActiveState != UnitActiveState.Inactive || unit.Definition.IsLoaded)
            {
                referenced.Add(unit);
                foreach (KeyValuePair<DependencyKind, List<Unit>> pair in unit.AllDependencies)
                {
                    referenced.UnionWith(pair.Value);
                }
            }
        }

        foreach (Unit unit in Units.ToList())
        {
            if (!referenced.Contains(unit))
            {
                foreach (string key in _units.Where(p => p.Value == unit).Select(p => p.Key).ToList())
                {
                    _units.Remove(key);
                }

                UnitRemoved?.Invoke(unit);
            }
        }
    }

    public void SetEnvironment(IEnumerable<string> assignments)
    {
        foreach (string assignment in assignments)
        {
            string key = assignment[..assignment.IndexOf('=', StringComparison.Ordinal)];
            _environment.RemoveAll(e => e.StartsWith(key + "=", StringComparison.Ordinal));
            _environment.Add(assignment);
        }
    }

    public void UnsetEnvironment(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            _environment.RemoveAll(e => e == name || e.StartsWith(name + "=", StringComparison.Ordinal));
        }
    }

    internal void OnUnitStateChanged(Unit unit, UnitActiveState old, UnitActiveState state, bool unexpected)
    {
        Jobs.OnUnitStateChanged(unit, old, state, unexpected);
        UnitChanged?.Invoke(unit);
    }

    internal void OnUnitPropertiesChanged(Unit unit) => UnitChanged?.Invoke(unit);

    private readonly Dictionary<int, ServiceUnit> _pidOwners = [];

    internal void WatchPid(int pid, ServiceUnit unit) => _pidOwners[pid] = unit;

    internal void UnwatchPid(int pid) => _pidOwners.Remove(pid);

    private void OnProcessExited(ProcessExit exit)
    {
        if (_pidOwners.Remove(exit.Pid, out ServiceUnit? owner))
        {
            owner.OnProcessExited(exit);
        }
    }

    private void OnNotify(int pid, IReadOnlyDictionary<string, string> fields)
    {
        if (_pidOwners.TryGetValue(pid, out ServiceUnit? owner))
        {
            owner.OnNotify(pid, fields);
            return;
        }

        // NotifyAccess=all: any process of the unit's group may speak for it.
        foreach (ServiceUnit service in Units.OfType<ServiceUnit>())
        {
            if (service.AcceptsNotifyFrom(pid))
            {
                service.OnNotify(pid, fields);
                return;
            }
        }
    }
}
