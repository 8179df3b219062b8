using Steward.Bus;
using Steward.Cli.Systemctl.Runtime;
using Steward.Time;

namespace Steward.Cli.Systemctl.Control;

/// <summary>status, show, list-units and list-jobs: read through the manager's D-Bus API, formatted as
/// systemctl 252 formats them.</summary>
public static class InspectVerbs
{
    private static List<string> PropertyFilter(SystemctlInvocation invocation) =>
        [.. invocation.CommandLine.Options.Where(o => o.Id == "property").SelectMany(o => (o.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];

    public static int Show(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        List<string> filter = PropertyFilter(invocation);
        bool valueOnly = invocation.Has("value") || invocation.CommandLine.Options.Exists(o => o.Id == "property-value");
        var options = new ShowOptions(filter.Count > 0 ? filter : null, invocation.Has("all"), valueOnly);
        TimeZoneRules zone = TimeZoneRules.FromProcess();
        var objects = new List<IEnumerable<KeyValuePair<string, Variant>>>();
        if (invocation.Operands.Count == 0)
        {
            objects.Add(bus.GetAll(ManagerConnection.ManagerPath, ManagerConnection.ManagerInterface));
        }
        else
        {
            List<string>? names = UnitOperands.Mangle(invocation.Context, invocation.Operands, "to show", keepPaths: false);
            if (names is null)
            {
                return 1;
            }

            foreach (string name in names)
            {
                try
                {
                    objects.Add(bus.GetAll(bus.LoadUnit(name), ""));
                }
                catch (BusErrorException e)
                {
                    invocation.Context.Stderr.WriteLine($"Failed to get properties: {e.Message}");
                    return 1;
                }
            }
        }

        invocation.Context.Stdout.Write(ShowFormatter.FormatMany(objects, options, zone));
        return 0;
    }

    public static int Status(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        var paths = new List<(string Name, string? Path)>();
        if (invocation.Operands.Count == 0)
        {
            invocation.Context.Stderr.WriteLine("Steward: status without units (the system overview) is not implemented yet.");
            return 1;
        }

        foreach (string operand in invocation.Operands)
        {
            if (uint.TryParse(operand, out uint pid))
            {
                try
                {
                    paths.Add((operand, ((ObjectPath)bus.CallManager("GetUnitByPID", "u", pid)[0]).Value));
                }
                catch (BusErrorException e)
                {
                    invocation.Context.Stderr.WriteLine($"Failed to get unit for PID {pid}: {e.Message}");
                    return 1;
                }

                continue;
            }

            List<string>? names = UnitOperands.Mangle(invocation.Context, [operand], "to show", keepPaths: false);
            if (names is null)
            {
                return 1;
            }

            paths.Add((names[0], null));
        }

        TimeZoneRules zone = TimeZoneRules.FromProcess();
        var clock = new StatusClock((ulong)((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10),
            (ulong)(System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000)));
        var states = new List<(bool NotFound, string ActiveState)>();
        bool first = true;
        foreach ((string name, string? knownPath) in paths)
        {
            string path = knownPath ?? bus.LoadUnit(name);
            var properties = bus.GetAll(path, "").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (StatusFormatter.IsNotFound(properties))
            {
                invocation.Context.Stderr.Write(StatusFormatter.NotFoundMessage(name));
                states.Add((true, "inactive"));
                continue;
            }

            string id = properties.TryGetValue("Id", out Variant? idValue) ? (string)idValue.Value : name;
            var processes = new List<UnitProcess>();
            try
            {
                if (bus.CallManager("GetUnitProcesses", "s", id)[0] is DBusArray rows)
                {
                    foreach (DBusStruct row in rows.Items.Cast<DBusStruct>())
                    {
                        processes.Add(new UnitProcess((string)row.Fields[0], (uint)row.Fields[1], (string)row.Fields[2]));
                    }
                }
            }
            catch (BusErrorException)
            {
                // A unit without processes.
            }

            var names = new Dictionary<uint, string>();
            foreach (string key in new[] { "MainPID", "ControlPID" })
            {
                if (properties.TryGetValue(key, out Variant? v) && v.Value is uint p && p > 0 && ReadComm(p) is { } comm)
                {
                    names[p] = comm;
                }
            }

            // The manager does not hand services' output to a journal service yet, so there are no lines to show.
            IReadOnlyList<string> journal = [];
            if (!first)
            {
                invocation.Context.Stdout.WriteLine();
            }

            first = false;
            invocation.Context.Stdout.Write(StatusFormatter.Format(new UnitStatusInput(properties, processes, names, journal), clock, zone));
            states.Add((false, properties.TryGetValue("ActiveState", out Variant? a) ? (string)a.Value : "unknown"));
        }

        return UnitStateQuery.StatusExitCode(states);
    }

    private static string? ReadComm(uint pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static int ListUnits(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        var rows = ((DBusArray)bus.CallManager("ListUnits")[0]).Items.Cast<DBusStruct>().Select(UnitListEntry.FromStruct).ToList();
        List<string> states = [.. invocation.CommandLine.Options.Where(o => o.Id == "state").SelectMany(o => (o.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];
        if (invocation.Has("failed"))
        {
            states.Add("failed");
        }

        List<string> types = [.. invocation.CommandLine.Options.Where(o => o.Id == "type").SelectMany(o => (o.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];
        var options = new ListUnitsOptions(invocation.Has("all"), types, states, [.. invocation.Operands], invocation.Has("plain"), invocation.Has("no-legend"));
        invocation.Context.Stdout.Write(ListUnitsFormatter.Format(rows, options));
        return 0;
    }

    public static int ListJobs(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        var jobs = ((DBusArray)bus.CallManager("ListJobs")[0]).Items.Cast<DBusStruct>()
            .Select(row => new JobWithRelations(JobListEntry.FromStruct(row), [])).ToList();
        invocation.Context.Stdout.Write(ListJobsFormatter.Format(jobs, JobRelation.None, [.. invocation.Operands], invocation.Has("no-legend")));
        return 0;
    }
}
