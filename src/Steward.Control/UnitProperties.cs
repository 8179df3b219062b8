using System.Globalization;
using Steward.Bus;
using Steward.Install;
using Steward.Manager.Definitions;
using Steward.Manager.Engine;
using Steward.Manager.Units;

namespace Steward.Control;

/// <summary>A property as served: name, signature, and how to read its current value.</summary>
public sealed record ServedProperty(string Name, string Signature, Func<object> Get);

/// <summary>
/// The properties of a unit object, interface by interface, in systemd 252's order. What Steward
/// models is read from the unit; everything else keeps real systemd's default value.
/// </summary>
public static class UnitProperties
{
    public const string UnitInterface = "org.freedesktop.systemd1.Unit";

    public static string TypeInterface(Unit unit) => unit.Definition.Suffix switch
    {
        "service" => "org.freedesktop.systemd1.Service",
        "target" => "org.freedesktop.systemd1.Target",
        "slice" => "org.freedesktop.systemd1.Slice",
        _ => "org.freedesktop.systemd1." + char.ToUpperInvariant(unit.Definition.Suffix[0]) + unit.Definition.Suffix[1..],
    };

    public static IReadOnlyList<(string Interface, IReadOnlyList<ServedProperty> Properties)> Of(Unit unit, UnitFileInfo files)
    {
        var result = new List<(string, IReadOnlyList<ServedProperty>)> { (UnitInterface, Build("unit", UnitOverrides(unit, files))) };
        string reference = unit.Definition.Suffix switch
        {
            "service" => "service",
            "target" => "target",
            "slice" => "slice",
            _ => "",
        };
        if (reference.Length > 0)
        {
            Dictionary<string, Func<object>> overrides = unit is ServiceUnit service ? ServiceOverrides(service) : SliceOverrides(unit);
            result.Add((TypeInterface(unit), Build(reference, overrides)));
        }

        return result;
    }

    private static List<ServedProperty> Build(string reference, Dictionary<string, Func<object>> overrides)
    {
        var list = new List<ServedProperty>();
        foreach (ReferenceProperty p in ReferenceProperties.Of(reference))
        {
            object fallback = p.Value;
            list.Add(new ServedProperty(p.Name, p.Signature, overrides.TryGetValue(p.Name, out Func<object>? get) ? get : () => fallback));
        }

        return list;
    }

    private static DBusArray Strings(IEnumerable<string> items) => new("s", [.. items]);

    private static DBusArray Names(Unit unit, DependencyKind kind) => Strings(unit.DependenciesOf(kind).Select(u => u.Id).Order(StringComparer.Ordinal));

    private static object Usec(DualTimestamp t, bool monotonic) => monotonic ? t.Monotonic : t.Realtime;

    private static Dictionary<string, Func<object>> UnitOverrides(Unit u, UnitFileInfo files)
    {
        UnitDefinition d = u.Definition;
        var o = new Dictionary<string, Func<object>>(StringComparer.Ordinal)
        {
            ["Id"] = () => u.Id,
            ["Names"] = () => Strings(d.Names.Order(StringComparer.Ordinal)),
            ["Description"] = () => d.Description.Length > 0 ? d.Description : u.Id,
            ["LoadState"] = () => UnitLoadStates.Name(d.LoadState),
            ["ActiveState"] = () => UnitActiveStates.Name(u.ActiveState),
            ["SubState"] = () => u.SubState,
            ["FragmentPath"] = () => d.FragmentPath ?? "",
            ["DropInPaths"] = () => Strings(d.DropInPaths),
            ["Documentation"] = () => Strings(d.Documentation),
            ["UnitFileState"] = () => files.StateOf(u),
            ["UnitFilePreset"] = () => files.PresetOf(u),
            ["StateChangeTimestamp"] = () => Usec(u.StateChangeTimestamp, false),
            ["StateChangeTimestampMonotonic"] = () => Usec(u.StateChangeTimestamp, true),
            ["InactiveExitTimestamp"] = () => Usec(u.InactiveExitTimestamp, false),
            ["InactiveExitTimestampMonotonic"] = () => Usec(u.InactiveExitTimestamp, true),
            ["ActiveEnterTimestamp"] = () => Usec(u.ActiveEnterTimestamp, false),
            ["ActiveEnterTimestampMonotonic"] = () => Usec(u.ActiveEnterTimestamp, true),
            ["ActiveExitTimestamp"] = () => Usec(u.ActiveExitTimestamp, false),
            ["ActiveExitTimestampMonotonic"] = () => Usec(u.ActiveExitTimestamp, true),
            ["InactiveEnterTimestamp"] = () => Usec(u.InactiveEnterTimestamp, false),
            ["InactiveEnterTimestampMonotonic"] = () => Usec(u.InactiveEnterTimestamp, true),
            ["CanStart"] = () => u.CanStart && !d.RefuseManualStart,
            ["CanStop"] = () => d.IsLoaded && !d.RefuseManualStop,
            ["CanReload"] = () => u.CanReload,
            ["CanIsolate"] = () => d.AllowIsolate,
            ["Job"] = () => u.Job is { } job ? new DBusStruct(job.Id, new ObjectPath(job.ObjectPath)) : new DBusStruct(0u, new ObjectPath("/")),
            ["StopWhenUnneeded"] = () => d.StopWhenUnneeded,
            ["RefuseManualStart"] = () => d.RefuseManualStart,
            ["RefuseManualStop"] = () => d.RefuseManualStop,
            ["AllowIsolate"] = () => d.AllowIsolate,
            ["DefaultDependencies"] = () => d.DefaultDependencies,
            ["IgnoreOnIsolate"] = () => d.IgnoreOnIsolate,
            ["ConditionResult"] = () => u.ConditionResult,
            ["AssertResult"] = () => u.AssertResult,
            ["ConditionTimestamp"] = () => Usec(u.ConditionTimestamp, false),
            ["ConditionTimestampMonotonic"] = () => Usec(u.ConditionTimestamp, true),
            ["AssertTimestamp"] = () => Usec(u.AssertTimestamp, false),
            ["AssertTimestampMonotonic"] = () => Usec(u.AssertTimestamp, true),
            ["Conditions"] = () => Conditions(u, asserts: false),
            ["Asserts"] = () => Conditions(u, asserts: true),
            ["LoadError"] = () => d.IsLoaded || d.LoadError is null
                ? new DBusStruct("", "")
                : new DBusStruct(LoadErrorName(d.LoadState), d.LoadError),
            ["StartLimitIntervalUSec"] = () => d.StartLimitIntervalUSec,
            ["StartLimitBurst"] = () => d.StartLimitBurst,
            ["JobTimeoutUSec"] = () => d.JobTimeoutUSec,
            ["InvocationID"] = () => new DBusArray("y", u.InvocationId == Guid.Empty ? [] : [.. u.InvocationId.ToByteArray(bigEndian: true).Cast<object>()]),
            ["NeedDaemonReload"] = () => false,
        };
        foreach (DependencyKind kind in Enum.GetValues<DependencyKind>())
        {
            string name = kind switch
            {
                DependencyKind.Conflicts => "Conflicts",
                DependencyKind.ConflictedBy => "ConflictedBy",
                _ => kind.ToString(),
            };
            o[name] = () => Names(u, kind);
        }

        return o;
    }

    private static string LoadErrorName(UnitLoadState state) => state switch
    {
        UnitLoadState.NotFound => "org.freedesktop.systemd1.NoSuchUnit",
        UnitLoadState.Masked => "org.freedesktop.systemd1.UnitMasked",
        UnitLoadState.BadSetting => "org.freedesktop.systemd1.BadUnitSetting",
        _ => "org.freedesktop.systemd1.LoadFailed",
    };

    private static DBusArray Conditions(Unit u, bool asserts)
    {
        var items = new List<object>();
        foreach (UnitCondition c in u.Definition.Conditions.Where(c => c.IsAssert == asserts))
        {
            int state = u.ConditionTimestamp.IsSet ? 1 : 0;
            items.Add(new DBusStruct(c.Name, c.Triggering, c.Negated, c.Value, state));
        }

        return new DBusArray("(sbbsi)", items);
    }

    private static Dictionary<string, Func<object>> SliceOverrides(Unit u) => new(StringComparer.Ordinal)
    {
        ["Slice"] = () => u.Id == "-.slice" ? "" : "-.slice",
        ["ControlGroup"] = () => u.Id == "-.slice" ? "/" : "/" + u.Id,
    };

    private static Dictionary<string, Func<object>> ServiceOverrides(ServiceUnit s)
    {
        ServiceDefinition def = s.Service;
        ExecContextDefinition c = def.Context;
        var o = new Dictionary<string, Func<object>>(StringComparer.Ordinal)
        {
            ["Type"] = () => EnumText(def.Type.ToString()),
            ["Restart"] = () => EnumText(def.Restart.ToString()),
            ["PIDFile"] = () => def.PidFile ?? "",
            ["NotifyAccess"] = () => EnumText(def.NotifyAccess.ToString()),
            ["RestartUSec"] = () => def.RestartUSec,
            ["TimeoutStartUSec"] = () => def.EffectiveTimeoutStartUSec,
            ["TimeoutStopUSec"] = () => def.TimeoutStopUSec,
            ["TimeoutAbortUSec"] = () => def.TimeoutAbortUSec ?? def.TimeoutStopUSec,
            ["RuntimeMaxUSec"] = () => def.RuntimeMaxUSec,
            ["WatchdogUSec"] = () => def.WatchdogUSec,
            ["RemainAfterExit"] = () => def.RemainAfterExit,
            ["GuessMainPID"] = () => def.GuessMainPid,
            ["MainPID"] = () => (uint)s.MainPid,
            ["ControlPID"] = () => (uint)s.ControlPid,
            ["StatusText"] = () => s.StatusText,
            ["StatusErrno"] = () => s.StatusErrno,
            ["Result"] = () => ServiceStates.Name(s.Result),
            ["ReloadResult"] = () => ServiceStates.Name(s.ReloadResult),
            ["CleanResult"] = () => "success",
            ["NRestarts"] = () => s.RestartCount,
            ["ExecMainStartTimestamp"] = () => s.ExecMain.StartTimestamp.Realtime,
            ["ExecMainStartTimestampMonotonic"] = () => s.ExecMain.StartTimestamp.Monotonic,
            ["ExecMainExitTimestamp"] = () => s.ExecMain.ExitTimestamp.Realtime,
            ["ExecMainExitTimestampMonotonic"] = () => s.ExecMain.ExitTimestamp.Monotonic,
            ["ExecMainPID"] = () => (uint)s.ExecMain.Pid,
            ["ExecMainCode"] = () => s.ExecMain.Exited ? (int)s.ExecMain.Code : 0,
            ["ExecMainStatus"] = () => s.ExecMain.Exited ? s.ExecMain.Status : 0,
            // No accounting controllers here: systemd reports "not set" then, and status omits the lines.
            ["CPUUsageNSec"] = () => ulong.MaxValue,
            ["ControlGroupId"] = () => 0UL,
            ["Slice"] = () => "system.slice",
            ["ControlGroup"] = () => s.ActiveState == UnitActiveState.Inactive ? "" : "/system.slice/" + s.Id,
            ["KillMode"] = () => EnumText(def.KillMode.ToString()),
            ["KillSignal"] = () => def.KillSignal,
            ["RestartKillSignal"] = () => def.RestartKillSignal ?? def.KillSignal,
            ["FinalKillSignal"] = () => def.FinalKillSignal,
            ["SendSIGKILL"] = () => def.SendSigkill,
            ["SendSIGHUP"] = () => def.SendSighup,
            ["User"] = () => c.User ?? "",
            ["Group"] = () => c.Group ?? "",
            ["SupplementaryGroups"] = () => Strings(c.SupplementaryGroups),
            ["WorkingDirectory"] = () => (c.WorkingDirectoryMissingOk ? "!" : "") + (c.WorkingDirectory ?? ""),
            ["RootDirectory"] = () => c.RootDirectory ?? "",
            ["Environment"] = () => Strings(c.Environment),
            ["EnvironmentFiles"] = () => new DBusArray("(sb)", [.. c.EnvironmentFiles.Select(f => (object)new DBusStruct(f.TrimStart('-'), f.StartsWith('-')))]),
            ["PassEnvironment"] = () => Strings(c.PassEnvironment),
            ["UnsetEnvironment"] = () => Strings(c.UnsetEnvironment),
            ["UMask"] = () => (uint)(c.UMask ?? 18),
            ["Nice"] = () => c.Nice ?? 0,
            ["OOMScoreAdjust"] = () => c.OomScoreAdjust ?? 0,
            ["NoNewPrivileges"] = () => c.NoNewPrivileges,
            ["StandardInput"] = () => c.StandardInput,
            ["StandardOutput"] = () => c.StandardOutput,
            ["StandardError"] = () => c.StandardError,
            ["SyslogIdentifier"] = () => c.SyslogIdentifier ?? "",
            ["SuccessExitStatus"] = () => ExitStatuses(def.SuccessExitStatus),
            ["RestartPreventExitStatus"] = () => ExitStatuses(def.RestartPreventExitStatus),
            ["RestartForceExitStatus"] = () => ExitStatuses(def.RestartForceExitStatus),
        };
        foreach (string directive in new[] { "ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost" })
        {
            o[directive] = () => Commands(s, directive, extended: false);
            o[directive + "Ex"] = () => Commands(s, directive, extended: true);
        }

        return o;
    }

    private static string EnumText(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static DBusStruct ExitStatuses(ExitStatusSet set) =>
        new(new DBusArray("i", [.. set.Statuses.Order().Cast<object>()]), new DBusArray("i", [.. set.Signals.Order().Cast<object>()]));

    /// <summary>The a(sasbttttuii) tuples: path, argv, ignore-errors, start/exit times, pid, code, status of the last run.</summary>
    private static DBusArray Commands(ServiceUnit s, string directive, bool extended)
    {
        IReadOnlyList<ExecCommand> commands = s.Service.CommandsOf(directive);
        s.Runs.TryGetValue(directive, out List<(ExecCommand Command, ExecRun Run)>? runs);
        var items = new List<object>();
        foreach (ExecCommand command in commands)
        {
            ExecRun? run = runs?.FindLast(r => ReferenceEquals(r.Command, command)).Run;
            object third = extended ? Strings(Flags(command)) : command.IgnoreFailure;
            items.Add(new DBusStruct(command.Path, Strings(command.Arguments), third,
                run?.StartTimestamp.Realtime ?? 0UL, run?.StartTimestamp.Monotonic ?? 0UL,
                run?.ExitTimestamp.Realtime ?? 0UL, run?.ExitTimestamp.Monotonic ?? 0UL,
                (uint)(run?.Pid ?? 0), run is { Exited: true } ? (int)run.Code : 0, run is { Exited: true } ? run.Status : 0));
        }

        return new DBusArray(extended ? "(sasasttttuii)" : "(sasbttttuii)", items);
    }

    private static IEnumerable<string> Flags(ExecCommand command)
    {
        if (command.Flags.HasFlag(ExecFlags.IgnoreFailure))
        {
            yield return "ignore-failure";
        }

        if (command.Flags.HasFlag(ExecFlags.NoEnvironmentExpansion))
        {
            yield return "no-env-expand";
        }

        if (command.Flags.HasFlag(ExecFlags.FullPrivileges))
        {
            yield return "privileged";
        }
    }
}

/// <summary>Unit file states (is-enabled) and presets, as the Unit interface reports them; computed through
/// the install layer and cached until the next daemon-reload.</summary>
public sealed class UnitFileInfo
{
    private readonly Func<InstallTree> _treeFactory;
    private InstallTree? _tree;
    private UnitFileStates? _states;
    private PresetRules? _presets;
    private readonly Dictionary<string, string> _stateCache = new(StringComparer.Ordinal);

    public UnitFileInfo(Func<InstallTree> treeFactory) => _treeFactory = treeFactory;

    public void Invalidate()
    {
        _tree = null;
        _states = null;
        _presets = null;
        _stateCache.Clear();
    }

    private InstallTree Tree => _tree ??= _treeFactory();

    public string StateOf(Unit unit)
    {
        if (!unit.Definition.IsLoaded || unit.Definition.FragmentPath is null)
        {
            return "";
        }

        if (!_stateCache.TryGetValue(unit.Id, out string? state))
        {
            _states ??= new UnitFileStates(Tree);
            UnitFileStateResult result = _states.Get(unit.Id);
            state = result.State?.ToText() ?? "";
            _stateCache[unit.Id] = state;
        }

        return state;
    }

    /// <summary>is-enabled of a unit file by name (empty when there is no such file).</summary>
    public string StateOfName(string name)
    {
        _states ??= new UnitFileStates(Tree);
        return _states.Get(name).State?.ToText() ?? "";
    }

    public string PresetOf(Unit unit)
    {
        if (!unit.Definition.IsLoaded || unit.Definition.FragmentPath is null)
        {
            return "";
        }

        _presets ??= PresetRules.Load(Tree.FileSystem, Tree.Paths.Scope);
        return _presets.ActionFor(unit.Id) == PresetAction.Enable ? "enabled" : "disabled";
    }
}
