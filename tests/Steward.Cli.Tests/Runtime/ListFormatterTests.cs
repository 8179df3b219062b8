using System.Text.Json;
using Steward.Bus;
using Steward.Cli.Systemctl.Runtime;

namespace Steward.Cli.Tests.Runtime;

public class ListFormatterTests
{
    private static List<UnitListEntry> Units(string set) =>
        ((DBusArray)BusctlJson.ReadReply(Golden.Props(set, "ListUnits.json")).Values[0]).Items
            .Select(r => UnitListEntry.FromStruct((DBusStruct)r)).ToList();

    private static List<JobListEntry> Jobs(string set) =>
        ((DBusArray)BusctlJson.ReadReply(Golden.Props(set, "ListJobs.json")).Values[0]).Items
            .Select(r => JobListEntry.FromStruct((DBusStruct)r)).ToList();

    private static readonly Dictionary<string, ListUnitsOptions> ListUnitsCases = new()
    {
        ["s1/lu"] = new(),
        ["s1/lu_all"] = new(All: true),
        ["s1/lu_failed"] = new(States: ["failed"]),
        ["s1/lu_failed_lu"] = new(States: ["failed"]),
        ["s1/lu_service"] = new(Types: ["service"]),
        ["s1/lu_service_all"] = new(All: true, Types: ["service"]),
        ["s1/lu_state_failed"] = new(States: ["failed"]),
        ["s1/lu_state_inactive"] = new(States: ["inactive"]),
        ["s1/lu_state_inactive_all"] = new(All: true, States: ["inactive"]),
        ["s1/lu_state_active_sub"] = new(States: ["running", "exited"]),
        ["s1/lu_plain"] = new(Plain: true),
        ["s1/lu_nolegend"] = new(NoLegend: true),
        ["s1/lu_plain_nolegend_all"] = new(All: true, Plain: true, NoLegend: true),
        ["s1/lu_pattern"] = new(Patterns: ["fmt*"]),
        ["s1/lu_pattern_all"] = new(All: true, Patterns: ["fmt*"]),
        ["s1/lu_pattern2"] = new(Patterns: ["fmt-*.service", "sys*.target"]),
        ["s1/lu_pattern_none"] = new(Patterns: ["nomatch*"]),
        ["s1/lu_target_socket"] = new(Types: ["target", "socket"]),
        ["s1/lu_mask_state"] = new(All: true, States: ["masked"]),
        ["s1/lu_notfound"] = new(All: true, States: ["not-found"]),
        ["s2/lu_failed_plain"] = new(States: ["failed"], Plain: true),
        ["s2/lu_failed_nolegend"] = new(States: ["failed"], NoLegend: true),
        ["s2/lu_failed_none"] = new(Types: ["target"], States: ["failed"]),
    };

    public static TheoryData<string> ListUnitsCaseNames => new(ListUnitsCases.Keys);

    [Theory]
    [MemberData(nameof(ListUnitsCaseNames))]
    public void List_units_prints_what_systemctl_252_printed(string golden)
    {
        string set = golden[..2], name = golden[3..];
        Assert.Equal(Golden.Stdout(set, name), ListUnitsFormatter.Format(Units(set), ListUnitsCases[golden]));
        Assert.Equal(0, Golden.ExitCode(set, name));
    }

    [Fact]
    public void On_a_terminal_list_units_cuts_descriptions_to_the_width()
    {
        var units = Units("s1").Where(u => u.Name == "systemd-ask-password-console.path").ToList();
        string text = ListUnitsFormatter.Format(units, new ListUnitsOptions(NoLegend: true, Width: 60));
        Assert.Equal("  systemd-ask-password-console.path loaded active waiting D…\n", text);
    }

    private static List<JobWithRelations> JobsWith(string set, JobRelation relation)
    {
        var jobs = Jobs(set);
        JobListEntry slow = jobs.Single(j => j.Unit == "fmt-slow.service"), after = jobs.Single(j => j.Unit == "fmt-after-slow.service");
        // fmt-after-slow.service is ordered After=fmt-slow.service: Job.GetAfter() of the slow job returns the other
        // job, Job.GetBefore() of the waiting one returns the slow job.
        return jobs.Select(j => new JobWithRelations(j, relation switch
        {
            JobRelation.After when j == slow => [after],
            JobRelation.Before when j == after => [slow],
            _ => [],
        })).ToList();
    }

    [Theory]
    [InlineData("lj", JobRelation.None, null, false)]
    [InlineData("lj_nolegend", JobRelation.None, null, true)]
    [InlineData("lj_pattern", JobRelation.None, "fmt-slow*", false)]
    [InlineData("lj_after", JobRelation.After, null, false)]
    [InlineData("lj_before", JobRelation.Before, null, false)]
    public void List_jobs_prints_what_systemctl_252_printed(string name, JobRelation relation, string? pattern, bool noLegend)
    {
        string text = ListJobsFormatter.Format(JobsWith("s1", relation), relation, pattern is null ? null : [pattern], noLegend);
        Assert.Equal(Golden.Stdout("s1", name), text);
    }

    [Theory]
    [InlineData("lj_empty", false)]
    [InlineData("lj_empty_nolegend", true)]
    public void List_jobs_without_jobs_says_so_unless_no_legend(string name, bool noLegend)
    {
        Assert.Empty(Jobs("s2"));
        Assert.Equal(Golden.Stdout("s2", name), ListJobsFormatter.Format([], JobRelation.None, null, noLegend));
    }

    private static Func<string, IReadOnlyDictionary<string, Variant>?> UnitLookup(string set)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Golden.Props(set, "units.json")));
        var map = new Dictionary<string, IReadOnlyDictionary<string, Variant>>();
        foreach (JsonProperty unit in doc.RootElement.EnumerateObject())
        {
            map[unit.Name] = BusctlJson.ReadVariantMap(unit.Value).ToDictionary(kv => kv.Key, kv => kv.Value);
        }

        // Units the slim capture could not read by name (busctl took "-.slice" for an option) still have their
        // state in ListUnits; they have no forward dependencies of their own here.
        foreach (UnitListEntry u in Units(set))
        {
            map.TryAdd(u.Name, new Dictionary<string, Variant> { ["ActiveState"] = new Variant("s", u.ActiveState) });
        }

        // The caller resolves aliases through GetUnit(); default.target is graphical.target on Debian.
        return name => map.GetValueOrDefault(name == "default.target" ? "graphical.target" : name);
    }

    public static TheoryData<string, string, string> DependencyCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (string unit in new[] { "fmt.target", "fmt-simple.service", "fmt-doc.service", "oracle.target", "default.target" })
            {
                foreach (string mode in new[] { "ld", "ldrev", "ldall", "ldbefore", "ldafter", "ldplain" })
                {
                    data.Add("s1", $"{mode}_{unit}", unit);
                }
            }

            data.Add("s1", "ld_default", "default.target");
            data.Add("s2", "ld_cyc", "fmt-cyc-a.service");
            data.Add("s2", "ldrevall_cyc", "fmt-cyc-a.service");
            data.Add("s2", "ld_nosuch", "fmt-nosuch.service");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DependencyCases))]
    public void List_dependencies_prints_what_systemctl_252_printed(string set, string name, string root)
    {
        string mode = name[..name.IndexOf('_', StringComparison.Ordinal)];
        var options = new DependencyTreeOptions(
            mode.Contains("rev", StringComparison.Ordinal) ? DependencyDirection.Reverse
                : mode == "ldbefore" ? DependencyDirection.Before
                : mode == "ldafter" ? DependencyDirection.After
                : DependencyDirection.Forward,
            All: mode.Contains("all", StringComparison.Ordinal),
            Plain: mode == "ldplain");
        Assert.Equal(Golden.Stdout(set, name), DependencyTreeFormatter.Format(root, UnitLookup(set), options));
    }
}
