using Steward.Cli.Systemctl.Runtime;
using Steward.Time;

namespace Steward.Cli.Tests.Runtime;

public class ShowFormatterTests
{
    public static TheoryData<string, string> Units => Golden.CapturedUnits();

    [Theory]
    [MemberData(nameof(Units))]
    public void Show_prints_what_systemctl_252_printed(string set, string unit)
    {
        var props = Golden.UnitProperties(set, unit);
        Assert.Equal(Golden.Stdout(set, "show_" + unit), ShowFormatter.Format(props, new ShowOptions(), TimeZoneRules.Utc));
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Show_all_prints_what_systemctl_252_printed(string set, string unit)
    {
        var props = Golden.UnitProperties(set, unit);
        Assert.Equal(Golden.Stdout(set, "showall_" + unit), ShowFormatter.Format(props, new ShowOptions(All: true), TimeZoneRules.Utc));
    }
}
