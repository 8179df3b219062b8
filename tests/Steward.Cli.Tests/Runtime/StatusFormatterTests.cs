using System.Globalization;
using Steward.Bus;
using Steward.Cli.Systemctl.Runtime;
using Steward.Time;

namespace Steward.Cli.Tests.Runtime;

public class StatusFormatterTests
{
    public static TheoryData<string, string> Units
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var row in Golden.CapturedUnits())
            {
                data.Add((string)row[0], (string)row[1]);
            }

            return data;
        }
    }

    /// <summary>The input the caller would gather for one unit at the moment of the capture.</summary>
    internal static UnitStatusInput Input(string set, string unit, string outputName)
    {
        var props = Golden.UnitProperties(set, unit).ToDictionary(kv => kv.Key, kv => kv.Value);
        var processes = new List<UnitProcess>();
        string procs = Golden.Props(set, unit + ".procs.json");
        if (File.Exists(procs) && new FileInfo(procs).Length > 0)
        {
            foreach (object row in ((DBusArray)BusctlJson.ReadReply(procs).Values[0]).Items)
            {
                var f = ((DBusStruct)row).Fields;
                processes.Add(new UnitProcess((string)f[0], (uint)f[1], (string)f[2]));
            }
        }

        var names = new Dictionary<uint, string>();
        AddComm(names, set, unit + ".comm", props, "MainPID");
        AddComm(names, set, unit + ".controlcomm", props, "ControlPID");

        // The journal part is the formatter's input, not its work: take it from what systemctl printed.
        string expected = Golden.Stdout(set, outputName);
        int blank = expected.IndexOf("\n\n", StringComparison.Ordinal);
        var journal = blank < 0 ? new List<string>() : expected[(blank + 2)..].TrimEnd('\n').Split('\n').ToList();
        return new UnitStatusInput(props, processes, names, journal);
    }

    internal static StatusClock Clock(string set, string outputName, IReadOnlyDictionary<string, Variant> props)
    {
        ulong realtime = Golden.Now(set, outputName);
        // The oracle recorded only the realtime clock; a realtime/monotonic pair the manager stamped together
        // gives the offset between the two.
        ulong offset = (ulong)props["StateChangeTimestamp"].Value - (ulong)props["StateChangeTimestampMonotonic"].Value;
        return new StatusClock(realtime, realtime - offset);
    }

    private static void AddComm(Dictionary<uint, string> names, string set, string file, Dictionary<string, Variant> props, string pidProperty)
    {
        string path = Golden.Props(set, file);
        if (File.Exists(path) && props.TryGetValue(pidProperty, out Variant? pid))
        {
            names[(uint)pid.Value] = File.ReadAllText(path).TrimEnd('\n');
        }
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Status_prints_what_systemctl_252_printed(string set, string unit)
    {
        string name = "status_" + unit;
        UnitStatusInput input = Input(set, unit, name);
        if (Golden.ExitCode(set, name) == UnitStateQuery.NoSuchUnit)
        {
            Assert.True(StatusFormatter.IsNotFound(input.Properties));
            Assert.Equal(Golden.Stderr(set, name), StatusFormatter.NotFoundMessage(unit));
            Assert.Equal("", Golden.Stdout(set, name));
            return;
        }

        Assert.False(StatusFormatter.IsNotFound(input.Properties));
        Assert.Equal(Golden.Stdout(set, name), StatusFormatter.Format(input, Clock(set, name, input.Properties), TimeZoneRules.Utc));
        Assert.Equal(Golden.ExitCode(set, name), UnitStateQuery.StatusExitCode([(false, (string)input.Properties["ActiveState"].Value)]));
    }

    [Fact]
    public void Status_of_several_units_separates_them_with_an_empty_line_and_returns_the_first_failure()
    {
        const string set = "s1", name = "status_multi";
        string expected = Golden.Stdout(set, name);
        int split = expected.IndexOf("\n\n×", StringComparison.Ordinal);
        var simple = Input(set, "fmt-simple.service", name);
        var failed = Input(set, "fmt-failed.service", name);
        simple = simple with { JournalLines = JournalOf(expected[..(split + 1)]) };
        failed = failed with { JournalLines = JournalOf(expected[(split + 2)..]) };
        Assert.Equal(expected, StatusFormatter.FormatMany([simple, failed], Clock(set, name, simple.Properties), TimeZoneRules.Utc));
        Assert.Equal(Golden.ExitCode(set, name), UnitStateQuery.StatusExitCode([(false, "active"), (false, "failed")]));
    }

    [Fact]
    public void Status_with_no_journal_lines_ends_after_the_cgroup_tree()
    {
        const string set = "s1", name = "status_n0";
        var input = Input(set, "fmt-simple.service", name);
        Assert.Empty(input.JournalLines);
        Assert.Equal(Golden.Stdout(set, name), StatusFormatter.Format(input, Clock(set, name, input.Properties), TimeZoneRules.Utc));
    }

    [Fact]
    public void A_missing_unit_among_others_makes_status_return_4()
    {
        const string set = "s2", name = "status_nosuch_and_simple";
        Assert.Equal(StatusFormatter.NotFoundMessage("fmt-nosuch.service"), Golden.Stderr(set, name));
        Assert.Equal(Golden.ExitCode(set, name), UnitStateQuery.StatusExitCode([(true, "inactive"), (false, "active")]));
    }

    private static List<string> JournalOf(string block)
    {
        int blank = block.IndexOf("\n\n", StringComparison.Ordinal);
        return blank < 0 ? [] : block[(blank + 2)..].TrimEnd('\n').Split('\n').ToList();
    }

    public static TheoryData<string, string, string> StateQueries
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var row in Golden.CapturedUnits())
            {
                data.Add((string)row[0], (string)row[1], "isactive");
                data.Add((string)row[0], (string)row[1], "isfailed");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StateQueries))]
    public void Is_active_and_is_failed_print_the_state_and_exit_as_systemctl_252(string set, string unit, string verb)
    {
        string name = $"{verb}_{unit}";
        if (!File.Exists(Golden.Out(set, name + ".stdout")))
        {
            return;
        }

        string state = (string)Golden.UnitProperties(set, unit).Single(kv => kv.Key == "ActiveState").Value.Value;
        Assert.Equal(Golden.Stdout(set, name), UnitStateQuery.FormatStates([state], quiet: false));
        int code = verb == "isactive" ? UnitStateQuery.IsActiveExitCode([state]) : UnitStateQuery.IsFailedExitCode([state]);
        Assert.Equal(Golden.ExitCode(set, name), code);
    }

    [Fact]
    public void Is_active_over_several_units_succeeds_when_one_is_active_and_quiet_prints_nothing()
    {
        string[] states = ["active", "failed", "inactive"];
        Assert.Equal(Golden.Stdout("s1", "isactive_multi"), UnitStateQuery.FormatStates(states, quiet: false));
        Assert.Equal(Golden.ExitCode("s1", "isactive_multi"), UnitStateQuery.IsActiveExitCode(states));
        Assert.Equal(Golden.Stdout("s1", "isactive_q"), UnitStateQuery.FormatStates(["failed"], quiet: true));
        Assert.Equal(Golden.ExitCode("s1", "isactive_q"), UnitStateQuery.IsActiveExitCode(["failed"]));
        Assert.Equal(Golden.ExitCode("s1", "isfailed_multi"), UnitStateQuery.IsFailedExitCode(["active", "failed"]));
    }
}
