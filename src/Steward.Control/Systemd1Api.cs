using Steward.Bus;
using Steward.Manager.Engine;
using Steward.Manager.Jobs;
using Steward.Manager.Units;
using Steward.Units.Names;

namespace Steward.Control;

/// <summary>
/// systemd's D-Bus API (man org.freedesktop.systemd1) over a <see cref="UnitManager"/>: the Manager object,
/// one object per unit and per job, and the signals clients wait on. Every handler runs on the manager's
/// loop (the server posts there), so the engine is only ever touched from one thread.
/// </summary>
public sealed class Systemd1Api
{
    public const string ManagerPath = "/org/freedesktop/systemd1";
    public const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    public const string UnitPrefix = "/org/freedesktop/systemd1/unit";
    public const string JobPrefix = "/org/freedesktop/systemd1/job";
    private const string JobInterface = "org.freedesktop.systemd1.Job";

    /// <summary>The job methods of unit objects; the Manager has each as NAME + "Unit" taking the unit's name.</summary>
    private static readonly (string Name, JobType Type)[] JobMethods =
    [
        ("Start", JobType.Start), ("Stop", JobType.Stop), ("Reload", JobType.Reload), ("Restart", JobType.Restart),
        ("TryRestart", JobType.TryRestart), ("ReloadOrRestart", JobType.ReloadOrStart), ("ReloadOrTryRestart", JobType.TryReload),
    ];

    private readonly UnitManager _manager;
    private readonly BusServer _server;
    private readonly UnitFileInfo _files;
    private readonly Dictionary<string, BusInterface> _interfaces = new(StringComparer.Ordinal);
    private readonly HashSet<BusConnection> _subscribers = [];
    private readonly BusInterface _unitMethods;
    private readonly BusInterface _jobInterface;

    /// <summary>Raised (on the loop) when a client asks the manager to end (Exit, PowerOff, Halt, Reboot).</summary>
    public event Action? ExitRequested;

    public Systemd1Api(UnitManager manager, BusServer server, UnitFileInfo files)
    {
        _manager = manager;
        _server = server;
        _files = files;
        _unitMethods = UnitMethods();
        _jobInterface = JobObject();
        server.AddObject(new ObjectPath(ManagerPath), new BusObject([ManagerObject()], null));
        server.AddSubtree(new ObjectPath(UnitPrefix), ResolveUnit, () => _manager.Units.Select(u => new ObjectPath(u.ObjectPath)));
        server.AddSubtree(new ObjectPath(JobPrefix), ResolveJob, () => _manager.Jobs.All.Select(j => new ObjectPath(j.ObjectPath)));
        server.ConnectionClosed += c => _subscribers.Remove(c);
        manager.UnitNew += u => Signal("UnitNew", "so", u.Id, new ObjectPath(u.ObjectPath));
        manager.UnitRemoved += u =>
        {
            _propertyCache.Remove(u);
            Signal("UnitRemoved", "so", u.Id, new ObjectPath(u.ObjectPath));
        };
        manager.UnitChanged += OnUnitChanged;
        manager.Reloading += active => Signal("Reloading", "b", active);
        manager.Jobs.JobNew += j => Signal("JobNew", "uos", j.Id, new ObjectPath(j.ObjectPath), j.Unit.Id);
        manager.Jobs.JobRemoved += (j, r) => Signal("JobRemoved", "uoss", j.Id, new ObjectPath(j.ObjectPath), j.Unit.Id, JobNames.Of(r));
    }

    private void Signal(string member, string signature, params object[] args) =>
        _server.EmitSignal(new ObjectPath(ManagerPath), ManagerInterface, member, signature, args);

    private void OnUnitChanged(Unit unit)
    {
        if (_subscribers.Count == 0 || _server.Connections.Count == 0)
        {
            return;
        }

        var path = new ObjectPath(unit.ObjectPath);
        foreach ((string iface, Dictionary<string, ServedProperty> _) in PropertiesOf(unit))
        {
            try
            {
                _server.EmitPropertiesChanged(path, iface, ChangingProperties, _subscribers);
            }
            catch (ArgumentException)
            {
                // The unit object is not resolvable (yet): nothing to announce.
            }
        }
    }

    private static readonly string[] ChangingProperties =
        ["ActiveState", "SubState", "Job", "MainPID", "ControlPID", "Result", "StatusText", "NRestarts", "ActiveEnterTimestamp", "InactiveEnterTimestamp"];

    // ---- objects ---------------------------------------------------------------------------------

    private BusObject? ResolveUnit(ObjectPath path)
    {
        string label = path.Value.Length > UnitPrefix.Length + 1 ? path.Value[(UnitPrefix.Length + 1)..] : "";
        if (label.Contains('/', StringComparison.Ordinal) || UnitObjectPaths.Unescape(label) is not { } name)
        {
            return null;
        }

        Unit? unit = _manager.Find(name);
        if (unit is null)
        {
            return null;
        }

        var interfaces = new List<BusInterface>();
        foreach ((string iface, Dictionary<string, ServedProperty> properties) in PropertiesOf(unit))
        {
            interfaces.Add(PropertyInterface(iface, properties.Values, unit));
        }

        return new BusObject(interfaces, unit);
    }

    private readonly Dictionary<Unit, (Manager.Definitions.UnitDefinition Definition, List<(string, Dictionary<string, ServedProperty>)> Interfaces)> _propertyCache = [];

    /// <summary>A unit's property getters, built once per loaded definition (daemon-reload makes new ones).</summary>
    private List<(string Interface, Dictionary<string, ServedProperty> Properties)> PropertiesOf(Unit unit)
    {
        if (_propertyCache.TryGetValue(unit, out var cached) && ReferenceEquals(cached.Definition, unit.Definition))
        {
            return cached.Interfaces;
        }

        var built = UnitProperties.Of(unit, _files)
            .Select(i => (i.Interface, i.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal)))
            .ToList();
        _propertyCache[unit] = (unit.Definition, built);
        return built;
    }

    /// <summary>Interfaces are built once per (interface, type) and read the unit from the access target.</summary>
    private BusInterface PropertyInterface(string name, IEnumerable<ServedProperty> template, Unit unit)
    {
        string key = name + "/" + unit.Definition.Suffix;
        if (_interfaces.TryGetValue(key, out BusInterface? cached))
        {
            return cached;
        }

        var iface = new BusInterface(name);
        foreach (ServedProperty property in template)
        {
            string propertyName = property.Name;
            iface.Property(propertyName, property.Signature, access =>
            {
                var target = (Unit)access.Target!;
                foreach ((string i, Dictionary<string, ServedProperty> properties) in PropertiesOf(target))
                {
                    if (i == name && properties.TryGetValue(propertyName, out ServedProperty? found))
                    {
                        return found.Get();
                    }
                }

                return property.Get();
            });
        }

        if (name == UnitProperties.UnitInterface)
        {
            foreach (BusMethod method in _unitMethods.Members.OfType<BusMethod>())
            {
                iface.MethodAsync(method.Name, method.InSignature, method.OutSignature, method.Handler);
            }
        }

        _interfaces[key] = iface;
        return iface;
    }

    private BusObject? ResolveJob(ObjectPath path)
    {
        string label = path.Value.Length > JobPrefix.Length + 1 ? path.Value[(JobPrefix.Length + 1)..] : "";
        return uint.TryParse(label, out uint id) && _manager.Jobs.Find(id) is { } job ? new BusObject([_jobInterface], job) : null;
    }

    private BusInterface JobObject() => new BusInterface(JobInterface)
        .Method("Cancel", "", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            _manager.Jobs.Finish((Job)call.Target!, JobResult.Canceled);
            return MethodReply.Empty;
        })
        .Property("Id", "u", a => ((Job)a.Target!).Id, emits: PropertyEmits.Const)
        .Property("Unit", "(so)", a => new DBusStruct(((Job)a.Target!).Unit.Id, new ObjectPath(((Job)a.Target!).Unit.ObjectPath)), emits: PropertyEmits.Const)
        .Property("JobType", "s", a => JobNames.Of(((Job)a.Target!).Type), emits: PropertyEmits.Const)
        .Property("State", "s", a => JobNames.Of(((Job)a.Target!).State))
        .Property("ActivationDetails", "a(ss)", _ => new DBusArray("(ss)", []), emits: PropertyEmits.Const);

    /// <summary>The methods each unit object has (org.freedesktop.systemd1.Unit): the same jobs the Manager
    /// offers by name, for this unit.</summary>
    private BusInterface UnitMethods()
    {
        var iface = new BusInterface(UnitProperties.UnitInterface);
        foreach ((string name, JobType type) in JobMethods)
        {
            iface.Method(name, "s", "o", call => Enqueue(call, (Unit)call.Target!, type, (string)call.Args[0]));
        }

        iface.Method("Kill", "si", "", call => Kill(call, (Unit)call.Target!, (string)call.Args[0], (int)call.Args[1]));
        iface.Method("ResetFailed", "", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            ((Unit)call.Target!).ResetFailed();
            return MethodReply.Empty;
        });
        return iface;
    }

    /// <summary>The uid this manager runs as: its owner may act (a user manager), everyone else may only read.</summary>
    private static readonly uint OwnerUid = ReadOwnUid();

    private static uint ReadOwnUid()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal)
                && uint.TryParse(line[4..].Trim().Split('\t', ' ')[0], out uint uid))
            {
                return uid;
            }
        }

        return 0;
    }

    private static MethodReply? Denied(MethodCall call) =>
        call.Peer.Uid == 0 || call.Peer.Uid == OwnerUid
            ? null
            : MethodReply.Error("org.freedesktop.DBus.Error.AccessDenied", "Access denied");

    private static MethodReply Error(ManagerException e) => MethodReply.Error(e.ErrorName, e.Message);

    private MethodReply Enqueue(MethodCall call, Unit unit, JobType type, string modeText)
    {
        if (Denied(call) is { } denied)
        {
            return denied;
        }

        if (JobNames.ParseMode(modeText) is not { } mode)
        {
            return MethodReply.Error("org.freedesktop.DBus.Error.InvalidArgs", $"Job mode {modeText} invalid.");
        }

        if (type is JobType.Start or JobType.Restart or JobType.ReloadOrStart && unit.Definition.RefuseManualStart)
        {
            return MethodReply.Error("org.freedesktop.systemd1.OnlyByDependency", "Operation refused, unit may not be started manually.");
        }

        if (type == JobType.Stop && unit.Definition.RefuseManualStop)
        {
            return MethodReply.Error("org.freedesktop.systemd1.OnlyByDependency", "Operation refused, unit may not be stopped manually.");
        }

        if (mode == JobMode.Isolate && !unit.Definition.AllowIsolate)
        {
            return MethodReply.Error("org.freedesktop.systemd1.OnlyByDependency", "Operation refused, unit may not be isolated.");
        }

        try
        {
            Job job = _manager.Jobs.Enqueue(unit, type, mode);
            return MethodReply.Return(new ObjectPath(job.ObjectPath));
        }
        catch (ManagerException e)
        {
            return Error(e);
        }
    }

    private MethodReply Kill(MethodCall call, Unit unit, string whom, int signal)
    {
        if (Denied(call) is { } denied)
        {
            return denied;
        }

        if (whom is not ("all" or "main" or "control" or ""))
        {
            return MethodReply.Error("org.freedesktop.DBus.Error.InvalidArgs", $"Invalid who argument: {whom}");
        }

        if (signal is < 1 or > 64)
        {
            return MethodReply.Error("org.freedesktop.DBus.Error.InvalidArgs", "Signal number out of range.");
        }

        if (!unit.Kill(whom.Length == 0 ? "all" : whom, signal) && whom is "main" or "control")
        {
            return MethodReply.Error("org.freedesktop.systemd1.NoSuchProcess", $"No {whom} process to kill");
        }

        return MethodReply.Empty;
    }

    private Unit? UnitFor(string name, bool load, out MethodReply? error)
    {
        error = null;
        if (!load)
        {
            Unit? found = _manager.Find(name);
            if (found is null)
            {
                error = MethodReply.Error("org.freedesktop.systemd1.NoSuchUnit", $"Unit {name} not loaded.");
            }

            return found;
        }

        if (UnitNames.Split(name) is not { } parts || !UnitNames.IsValidSuffix(parts.Suffix))
        {
            error = MethodReply.Error("org.freedesktop.DBus.Error.InvalidArgs", $"Unit name {name} is not valid.");
            return null;
        }

        return _manager.Load(name);
    }

    private BusInterface ManagerObject()
    {
        var m = new BusInterface(ManagerInterface);
        m.Method("GetUnit", "s", "o", call => UnitFor((string)call.Args[0], false, out MethodReply? e) is { } u ? MethodReply.Return(new ObjectPath(u.ObjectPath)) : e!);
        m.Method("LoadUnit", "s", "o", call => UnitFor((string)call.Args[0], true, out MethodReply? e) is { } u ? MethodReply.Return(new ObjectPath(u.ObjectPath)) : e!);
        m.Method("GetUnitProcesses", "s", "a(sus)", call =>
        {
            if (UnitFor((string)call.Args[0], false, out MethodReply? e) is not { } u)
            {
                return e!;
            }

            int leader = u is ServiceUnit service ? service.MainPid : 0;
            string cgroup = u is ServiceUnit ? "/system.slice/" + u.Id : "/" + u.Id;
            var items = new List<object>();
            foreach (int pid in _manager.Processes.ProcessesOf(u.Id, leader).Order())
            {
                items.Add(new DBusStruct(cgroup, (uint)pid, CommandLineOf(pid)));
            }

            return MethodReply.Return(new DBusArray("(sus)", items));
        });
        m.Method("GetUnitByPID", "u", "o", call =>
        {
            uint pid = (uint)call.Args[0];
            ServiceUnit? owner = _manager.Units.OfType<ServiceUnit>().FirstOrDefault(s => s.MainPid == pid || s.ControlPid == pid
                || (s.MainPid > 0 && _manager.Processes.ProcessesOf(s.Id, s.MainPid).Contains((int)pid)));
            return owner is null
                ? MethodReply.Error("org.freedesktop.systemd1.NoUnitForPID", $"PID {pid} does not belong to any loaded unit.")
                : MethodReply.Return(new ObjectPath(owner.ObjectPath));
        });
        foreach ((string name, JobType type) in JobMethods)
        {
            m.Method(name + "Unit", "ss", "o", call =>
                UnitFor((string)call.Args[0], true, out MethodReply? e) is { } u ? Enqueue(call, u, type, (string)call.Args[1]) : e!);
        }

        m.Method("StartUnitReplace", "sss", "o", call =>
            UnitFor((string)call.Args[1], true, out MethodReply? e) is { } u ? Enqueue(call, u, JobType.Start, (string)call.Args[2]) : e!);
        m.Method("KillUnit", "ssi", "", call =>
            UnitFor((string)call.Args[0], false, out MethodReply? e) is { } u ? Kill(call, u, (string)call.Args[1], (int)call.Args[2]) : e!);
        m.Method("ResetFailedUnit", "s", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            if (UnitFor((string)call.Args[0], false, out MethodReply? e) is not { } u)
            {
                return e!;
            }

            u.ResetFailed();
            return MethodReply.Empty;
        });
        m.Method("ResetFailed", "", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            foreach (Unit u in _manager.Units.ToList())
            {
                u.ResetFailed();
            }

            return MethodReply.Empty;
        });
        m.Method("ListUnits", "", "a(ssssssouso)", _ => MethodReply.Return(UnitList(_manager.Units)));
        m.Method("ListUnitsFiltered", "as", "a(ssssssouso)", call =>
        {
            List<string> states = Strings(call.Args[0]);
            return MethodReply.Return(UnitList(_manager.Units.Where(u => MatchesState(u, states))));
        });
        m.Method("ListUnitsByPatterns", "asas", "a(ssssssouso)", call =>
        {
            List<string> states = Strings(call.Args[0]);
            List<string> patterns = Strings(call.Args[1]);
            return MethodReply.Return(UnitList(_manager.Units.Where(u => MatchesState(u, states)
                && (patterns.Count == 0 || patterns.Any(p => u.Definition.Names.Any(n => Glob.Matches(p, n)))))));
        });
        m.Method("ListUnitsByNames", "as", "a(ssssssouso)", call =>
            MethodReply.Return(UnitList(Strings(call.Args[0]).Select(n => _manager.Load(n)))));
        m.Method("ListJobs", "", "a(usssoo)", _ => MethodReply.Return(new DBusArray("(usssoo)",
            [.. _manager.Jobs.All.Select(j => (object)new DBusStruct(j.Id, j.Unit.Id, JobNames.Of(j.Type), JobNames.Of(j.State),
                new ObjectPath(j.ObjectPath), new ObjectPath(j.Unit.ObjectPath)))])));
        m.Method("GetJob", "u", "o", call => _manager.Jobs.Find((uint)call.Args[0]) is { } j
            ? MethodReply.Return(new ObjectPath(j.ObjectPath))
            : MethodReply.Error("org.freedesktop.systemd1.NoSuchJob", $"Job {call.Args[0]} does not exist."));
        m.Method("CancelJob", "u", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            if (_manager.Jobs.Find((uint)call.Args[0]) is not { } j)
            {
                return MethodReply.Error("org.freedesktop.systemd1.NoSuchJob", $"Job {call.Args[0]} does not exist.");
            }

            _manager.Jobs.Finish(j, JobResult.Canceled);
            return MethodReply.Empty;
        });
        m.Method("ClearJobs", "", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            foreach (Job j in _manager.Jobs.All.ToList())
            {
                _manager.Jobs.Finish(j, JobResult.Canceled);
            }

            return MethodReply.Empty;
        });
        m.Method("Subscribe", "", "", call =>
        {
            _subscribers.Add(call.Connection);
            return MethodReply.Empty;
        });
        m.Method("Unsubscribe", "", "", call =>
        {
            _subscribers.Remove(call.Connection);
            return MethodReply.Empty;
        });
        m.Method("Reload", "", "", call =>
        {
            if (Denied(call) is { } denied)
            {
                return denied;
            }

            _files.Invalidate();
            _manager.Reload();
            return MethodReply.Empty;
        });
        m.Method("Reexecute", "", "", _ => MethodReply.Error("org.freedesktop.DBus.Error.NotSupported", "daemon-reexec is not implemented yet in Steward."));
        foreach (string verb in new[] { "Exit", "PowerOff", "Halt", "Reboot", "KExec" })
        {
            m.Method(verb, "", "", call =>
            {
                if (Denied(call) is { } denied)
                {
                    return denied;
                }

                ExitRequested?.Invoke();
                return MethodReply.Empty;
            });
        }

        m.Method("GetDefaultTarget", "", "s", _ => MethodReply.Return(_manager.Load("default.target").Id));
        m.Method("SetEnvironment", "as", "", call => Environment(call, [], Strings(call.Args[0])));
        m.Method("UnsetEnvironment", "as", "", call => Environment(call, Strings(call.Args[0]), []));
        m.Method("UnsetAndSetEnvironment", "asas", "", call => Environment(call, Strings(call.Args[0]), Strings(call.Args[1])));
        m.Method("GetUnitFileState", "s", "s", call =>
        {
            string name = (string)call.Args[0];
            string state = _files.StateOfName(name);
            return state.Length == 0 ? MethodReply.Error("org.freedesktop.systemd1.NoSuchUnit", $"Unit file {name} does not exist.") : MethodReply.Return(state);
        });
        foreach (string signal in new[] { "UnitNew:so", "UnitRemoved:so", "JobNew:uos", "JobRemoved:uoss", "StartupFinished:tttttt", "UnitFilesChanged:", "Reloading:b" })
        {
            string[] parts = signal.Split(':');
            m.Signal(parts[0], parts[1]);
        }

        Dictionary<string, Func<object>> overrides = new(StringComparer.Ordinal)
        {
            ["Version"] = () => "252 (steward)",
            ["Environment"] = () => new DBusArray("s", [.. _manager.Environment]),
            ["NNames"] = () => (uint)_manager.Units.Count(),
            ["NJobs"] = () => (uint)_manager.Jobs.All.Count(),
            ["NFailedUnits"] = () => (uint)_manager.Units.Count(u => u.ActiveState == UnitActiveState.Failed),
            ["SystemState"] = SystemState,
            ["UnitPath"] = () => new DBusArray("s", [.. _manager.Paths.Directories.Select(d => (object)d.Path)]),
            ["Virtualization"] = () => "",
            ["ControlGroup"] = () => "",
            ["FinishTimestamp"] = () => _manager.FinishTimestamp.Realtime,
            ["FinishTimestampMonotonic"] = () => _manager.FinishTimestamp.Monotonic,
            ["UserspaceTimestamp"] = () => _manager.StartupTimestamp.Realtime,
            ["UserspaceTimestampMonotonic"] = () => _manager.StartupTimestamp.Monotonic,
        };
        foreach (ReferenceProperty p in ReferenceProperties.Of("manager"))
        {
            object fallback = p.Value;
            Func<object> get = overrides.TryGetValue(p.Name, out Func<object>? o) ? o : () => fallback;
            m.Property(p.Name, p.Signature, get);
        }

        return m;
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            string raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.TrimEnd('\0').Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private object SystemState()
    {
        if (_manager.FinishTimestamp.Realtime == 0)
        {
            return "starting";
        }

        return _manager.Units.Any(u => u.ActiveState == UnitActiveState.Failed) ? "degraded" : "running";
    }

    private MethodReply Environment(MethodCall call, List<string> unset, List<string> set)
    {
        if (Denied(call) is { } denied)
        {
            return denied;
        }

        if (set.FirstOrDefault(a => a.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
        {
            return MethodReply.Error("org.freedesktop.DBus.Error.InvalidArgs", "Invalid environment assignments.");
        }

        _manager.UnsetEnvironment(unset);
        _manager.SetEnvironment(set);
        return MethodReply.Empty;
    }

    private static List<string> Strings(object value) => value is DBusArray array ? [.. array.Items.Cast<string>()] : [];

    private static bool MatchesState(Unit u, List<string> states) =>
        states.Count == 0 || states.Contains(Manager.Definitions.UnitLoadStates.Name(u.Definition.LoadState))
        || states.Contains(UnitActiveStates.Name(u.ActiveState)) || states.Contains(u.SubState);

    private static DBusArray UnitList(IEnumerable<Unit> units) => new("(ssssssouso)", [.. units.Distinct().Select(u => (object)new DBusStruct(
        u.Id,
        u.Definition.Description.Length > 0 ? u.Definition.Description : u.Id,
        Manager.Definitions.UnitLoadStates.Name(u.Definition.LoadState),
        UnitActiveStates.Name(u.ActiveState),
        u.SubState,
        "",
        new ObjectPath(u.ObjectPath),
        u.Job?.Id ?? 0u,
        u.Job is { } j ? JobNames.Of(j.Type) : "",
        new ObjectPath(u.Job?.ObjectPath ?? "/")))]);
}
