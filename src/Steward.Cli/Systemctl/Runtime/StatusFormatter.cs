using System.Globalization;
using System.Text;
using Steward.Bus;
using Steward.Time;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>One process of a unit's control group, as the manager's <c>GetUnitProcesses(name)</c> returns it
/// (<c>a(sus)</c>: cgroup path, PID, command line).</summary>
public sealed record UnitProcess(string ControlGroup, uint Pid, string CommandLine);

/// <summary>Everything <c>systemctl status</c> shows for one unit.</summary>
/// <param name="Properties">GetAll(interface="") on the unit's object path.</param>
/// <param name="Processes">GetUnitProcesses(Id) on the manager; empty when it has none.</param>
/// <param name="ProcessNames">The <c>/proc/PID/comm</c> of the main and control PIDs, read by the caller; a missing
/// entry prints the PID alone.</param>
/// <param name="JournalLines">The journal lines already formatted (short output, as <c>journalctl -u</c> would print
/// them), shown after an empty line; empty shows no journal part at all.</param>
public sealed record UnitStatusInput(
    IReadOnlyDictionary<string, Variant> Properties,
    IReadOnlyList<UnitProcess> Processes,
    IReadOnlyDictionary<uint, string> ProcessNames,
    IReadOnlyList<string> JournalLines);

/// <summary>The clocks <c>status</c> measures "ago"/"left" against.</summary>
/// <param name="Realtime">CLOCK_REALTIME in µs.</param>
/// <param name="Monotonic">CLOCK_MONOTONIC in µs (only timers' monotonic next elapse needs it).</param>
public readonly record struct StatusClock(ulong Realtime, ulong Monotonic);

/// <summary><c>systemctl status UNIT…</c>'s block per unit (the non-tty form: no colour, no truncation).</summary>
public static class StatusFormatter
{
    private const string Continuation = "             ";

    /// <summary>True when status reports the unit as missing ("Unit X could not be found.", exit 4) rather than
    /// showing it: its file was not found and nothing keeps it active.</summary>
    public static bool IsNotFound(IReadOnlyDictionary<string, Variant> properties)
    {
        var p = new UnitProperties(properties);
        return p.String("LoadState") == "not-found" && p.String("ActiveState") == "inactive" && JobId(p) == 0;
    }

    /// <summary>The stderr line for a unit <see cref="IsNotFound"/> holds for.</summary>
    public static string NotFoundMessage(string unit) => $"Unit {unit} could not be found.\n";

    /// <summary>The whole block for one unit, ending in a newline.</summary>
    public static string Format(UnitStatusInput unit, StatusClock now, TimeZoneRules zone)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(zone);
        var p = new UnitProperties(unit.Properties);
        var s = new StringBuilder();
        string id = p.String("Id");
        string activeState = p.String("ActiveState");

        string description = p.String("Description");
        s.Append(UnitGlyph.For(activeState)).Append(' ').Append(id);
        if (description.Length > 0 && description != id)
        {
            s.Append(" - ").Append(description);
        }

        s.Append('\n');
        AppendLoaded(s, p);
        AppendDropIns(s, p.Strings("DropInPaths"));
        AppendActive(s, p, now, zone);
        AppendUnitList(s, "TriggeredBy", p.Strings("TriggeredBy"));
        if (id.EndsWith(".timer", StringComparison.Ordinal))
        {
            Label(s, "Trigger").Append(NextElapse(p, now, zone)).Append('\n');
        }

        AppendUnitList(s, "Triggers", p.Strings("Triggers"));
        if (id.EndsWith(".mount", StringComparison.Ordinal) || id.EndsWith(".automount", StringComparison.Ordinal))
        {
            AppendIfSet(s, "Where", p.String("Where"));
            AppendIfSet(s, "What", p.String("What"));
        }

        AppendList(s, "Docs", p.Strings("Documentation"));
        AppendList(s, "Listen", p.Structs("Listen", "a(ss)").Select(f => $"{f[1]} ({f[0]})").ToList());
        AppendProcesses(s, p);
        AppendPids(s, p, unit.ProcessNames);
        string statusText = p.String("StatusText");
        if (statusText.Length > 0)
        {
            Label(s, "Status").Append('"').Append(statusText).Append("\"\n");
        }

        AppendResources(s, p);
        string cgroup = p.String("ControlGroup");
        if (cgroup.Length > 0)
        {
            Label(s, "CGroup").Append(cgroup).Append('\n');
            CGroupTree.Append(s, cgroup, unit.Processes, Continuation);
        }

        if (unit.JournalLines.Count > 0)
        {
            s.Append('\n');
            foreach (string line in unit.JournalLines)
            {
                s.Append(line).Append('\n');
            }
        }

        return s.ToString();
    }

    /// <summary>Several units as <c>status A B</c> prints them: blocks separated by an empty line.</summary>
    public static string FormatMany(IEnumerable<UnitStatusInput> units, StatusClock now, TimeZoneRules zone)
    {
        ArgumentNullException.ThrowIfNull(units);
        var s = new StringBuilder();
        foreach (UnitStatusInput u in units)
        {
            if (s.Length > 0)
            {
                s.Append('\n');
            }

            s.Append(Format(u, now, zone));
        }

        return s.ToString();
    }

    private static uint JobId(UnitProperties p) => p.Struct("Job") is [uint id, ..] ? id : 0;

    private static StringBuilder Label(StringBuilder s, string label) => s.Append(label.PadLeft(11)).Append(": ");

    private static void AppendIfSet(StringBuilder s, string label, string value)
    {
        if (value.Length > 0)
        {
            Label(s, label).Append(value).Append('\n');
        }
    }

    private static void AppendList(StringBuilder s, string label, IReadOnlyList<string> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            (i == 0 ? Label(s, label) : s.Append(Continuation)).Append(items[i]).Append('\n');
        }
    }

    // Trigger lists always show ● (the state only colours it, on a terminal), whatever the other unit's state.
    private static void AppendUnitList(StringBuilder s, string label, IReadOnlyList<string> units)
    {
        AppendList(s, label, units.Select(u => $"{UnitGlyph.Active} {u}").ToList());
    }

    private static void AppendLoaded(StringBuilder s, UnitProperties p)
    {
        Label(s, "Loaded").Append(p.String("LoadState"));
        string path = p.String("FragmentPath");
        if (path.Length == 0)
        {
            path = p.String("SourcePath");
        }

        var loadError = p.Struct("LoadError");
        string errorMessage = loadError.Count == 2 ? (string)loadError[1] : "";
        if (p.String("LoadState") != "loaded" && errorMessage.Length > 0)
        {
            s.Append(" (Reason: ").Append(errorMessage).Append(')');
        }
        else if (path.Length > 0)
        {
            s.Append(" (").Append(path);
            string state = p.String("UnitFileState");
            if (state.Length > 0)
            {
                s.Append("; ").Append(state);
                string preset = p.String("UnitFilePreset");
                // 252 names the preset only where it could apply: for units that can be enabled.
                if (preset.Length > 0 && state is "enabled" or "enabled-runtime" or "disabled")
                {
                    s.Append("; preset: ").Append(preset);
                }
            }

            s.Append(')');
        }

        s.Append('\n');
        if (p.Boolean("Transient"))
        {
            Label(s, "Transient").Append("yes\n");
        }
    }

    private static void AppendDropIns(StringBuilder s, IReadOnlyList<string> paths)
    {
        string? lastDir = null;
        var files = new List<string>();
        void Flush()
        {
            if (lastDir is null)
            {
                return;
            }

            s.Append(Continuation).Append("└─").Append(string.Join(", ", files)).Append('\n');
        }

        bool first = true;
        foreach (string path in paths)
        {
            int slash = path.LastIndexOf('/');
            string dir = slash > 0 ? path[..slash] : "/";
            string file = path[(slash + 1)..];
            if (dir != lastDir)
            {
                Flush();
                (first ? Label(s, "Drop-In") : s.Append(Continuation)).Append(dir).Append('\n');
                first = false;
                lastDir = dir;
                files.Clear();
            }

            files.Add(file);
        }

        Flush();
    }

    private static void AppendActive(StringBuilder s, UnitProperties p, StatusClock now, TimeZoneRules zone)
    {
        string active = p.String("ActiveState"), sub = p.String("SubState"), result = p.String("Result");
        Label(s, "Active").Append(active);
        if (sub.Length > 0 && sub != active)
        {
            s.Append(" (").Append(sub).Append(')');
        }

        if (result.Length > 0 && result != "success")
        {
            s.Append(" (Result: ").Append(result).Append(')');
        }

        ulong since = active switch
        {
            "active" or "reloading" or "refreshing" => p.UInt64("ActiveEnterTimestamp"),
            "inactive" or "failed" => p.UInt64("InactiveEnterTimestamp"),
            "activating" => p.UInt64("InactiveExitTimestamp"),
            _ => p.UInt64("ActiveExitTimestamp"),
        };
        if (Timestamp.Format(since, zone) is { } ts)
        {
            s.Append(" since ").Append(ts).Append("; ").Append(Timestamp.FormatRelative(since, now.Realtime));
        }

        s.Append('\n');

        ulong enter = p.UInt64("ActiveEnterTimestamp"), exit = p.UInt64("ActiveExitTimestamp");
        if (active is "inactive" or "failed" && enter > 0 && exit > 0 && exit >= enter)
        {
            Label(s, "Duration").Append(Timespan.Format(exit - enter, Timespan.Millisecond)).Append('\n');
        }
    }

    private static string NextElapse(UnitProperties p, StatusClock now, TimeZoneRules zone)
    {
        ulong realtime = p.UInt64("NextElapseUSecRealtime");
        ulong monotonic = p.UInt64("NextElapseUSecMonotonic");
        ulong next = realtime;
        if (monotonic > 0 && monotonic != ulong.MaxValue)
        {
            // A monotonic deadline read against this moment's clocks, as systemctl converts it.
            ulong converted = monotonic >= now.Monotonic
                ? now.Realtime + (monotonic - now.Monotonic)
                : now.Realtime - Math.Min(now.Realtime, now.Monotonic - monotonic);
            next = next == 0 || next == ulong.MaxValue ? converted : Math.Min(next, converted);
        }

        return Timestamp.Format(next, zone) is { } ts ? $"{ts}; {Timestamp.FormatRelative(next, now.Realtime)}" : "n/a";
    }

    private static readonly string[] ExecProperties =
    [
        "ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStopPre", "ExecStop",
        "ExecStopPost", "ExecMount", "ExecUnmount", "ExecRemount", "ExecActivate", "ExecDeactivate",
    ];

    private static void AppendProcesses(StringBuilder s, UnitProperties p)
    {
        foreach (string name in ExecProperties)
        {
            foreach (var f in p.Structs(name, "a(sasbttttuii)"))
            {
                uint pid = (uint)f[7];
                int code = (int)f[8], status = (int)f[9];
                // Only finished runs: a command still running is the control or main PID line instead.
                if (pid == 0 || code <= 0)
                {
                    continue;
                }

                Label(s, "Process").Append(pid.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(name).Append('=')
                    .Append(string.Join(' ', PropertyText.Strings(f[1])))
                    .Append(" (").Append(ExitStatusText.Describe(code, status)).Append(")\n");
            }
        }
    }

    private static void AppendPids(StringBuilder s, UnitProperties p, IReadOnlyDictionary<uint, string> names)
    {
        uint main = p.UInt32("MainPID"), control = p.UInt32("ControlPID"), execMain = p.UInt32("ExecMainPID");
        string Pid(uint pid) => names.TryGetValue(pid, out string? comm)
            ? $"{pid.ToString(CultureInfo.InvariantCulture)} ({comm})"
            : pid.ToString(CultureInfo.InvariantCulture);

        if (main > 0)
        {
            Label(s, "Main PID").Append(Pid(main)).Append('\n');
        }
        else if (execMain > 0 && p.Int32("ExecMainCode") > 0)
        {
            Label(s, "Main PID").Append(execMain.ToString(CultureInfo.InvariantCulture)).Append(" (")
                .Append(ExitStatusText.Describe(p.Int32("ExecMainCode"), p.Int32("ExecMainStatus"))).Append(")\n");
        }

        if (control > 0)
        {
            Label(s, "Cntrl PID").Append(Pid(control)).Append('\n');
        }
    }

    private static void AppendResources(StringBuilder s, UnitProperties p)
    {
        ulong ipIn = p.UInt64("IPIngressBytes", ulong.MaxValue), ipOut = p.UInt64("IPEgressBytes", ulong.MaxValue);
        if (ipIn != ulong.MaxValue && ipOut != ulong.MaxValue)
        {
            Label(s, "IP").Append(Bytes.Format(ipIn)).Append(" in, ").Append(Bytes.Format(ipOut)).Append(" out\n");
        }

        ulong ioRead = p.UInt64("IOReadBytes", ulong.MaxValue), ioWrite = p.UInt64("IOWriteBytes", ulong.MaxValue);
        if (ioRead != ulong.MaxValue && ioWrite != ulong.MaxValue)
        {
            Label(s, "IO").Append(Bytes.Format(ioRead)).Append(" read, ").Append(Bytes.Format(ioWrite)).Append(" written\n");
        }

        ulong tasks = p.UInt64("TasksCurrent", ulong.MaxValue);
        if (tasks != ulong.MaxValue)
        {
            Label(s, "Tasks").Append(tasks.ToString(CultureInfo.InvariantCulture));
            ulong max = p.UInt64("TasksMax", ulong.MaxValue);
            if (max != ulong.MaxValue)
            {
                s.Append(" (limit: ").Append(max.ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            s.Append('\n');
        }

        ulong memory = p.UInt64("MemoryCurrent", ulong.MaxValue);
        if (memory != ulong.MaxValue)
        {
            Label(s, "Memory").Append(Bytes.Format(memory)).Append('\n');
        }

        ulong cpu = p.UInt64("CPUUsageNSec", ulong.MaxValue);
        if (cpu != ulong.MaxValue)
        {
            Label(s, "CPU").Append(Timespan.Format(cpu / 1000, Timespan.Millisecond)).Append('\n');
        }
    }
}
