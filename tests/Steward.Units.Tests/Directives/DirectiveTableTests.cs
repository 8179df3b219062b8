using Steward.Units.Directives;

namespace Steward.Units.Tests.Directives;

public class DirectiveTableTests
{
    [Theory]
    [InlineData("Service", "PrivateTmp", "foo", "Failed to parse boolean value, ignoring: foo")]
    [InlineData("Service", "Restart", "sometimes", "Failed to parse service restart specifier, ignoring: sometimes")]
    [InlineData("Service", "TimeoutSec", "abc", "Failed to parse TimeoutSec= parameter, ignoring: abc")]
    [InlineData("Service", "RestartSec", "1x", "Failed to parse sec value, ignoring: 1x")]
    [InlineData("Service", "KillSignal", "FOO", "Failed to parse signal name, ignoring: FOO")]
    [InlineData("Unit", "Wants", "foo", "Failed to add dependency on foo, ignoring: Invalid argument")]
    [InlineData("Unit", "StartLimitBurst", "x", "Failed to parse unsigned value, ignoring: x")]
    [InlineData("Timer", "OnActiveSec", "abc", "Failed to parse timer value, ignoring: abc")]
    public void BadValuesGetSystemdsMessages(string section, string key, string value, string message)
    {
        ValueParser? parser = DirectiveTable.Find(section, key);
        Assert.NotNull(parser);
        Assert.Equal(message, parser(key, value));
    }

    [Theory]
    [InlineData("Service", "PrivateTmp", "yes")]
    [InlineData("Service", "RestartSec", "1min 30s")]
    [InlineData("Service", "TimeoutStopSec", "infinity")]
    [InlineData("Service", "KillSignal", "SIGTERM")]
    [InlineData("Unit", "After", "network.target foo@bar.service")]
    [InlineData("Service", "StandardOutput", "append:/var/log/x")]
    public void GoodValuesAreAccepted(string section, string key, string value) =>
        Assert.Null(DirectiveTable.Find(section, key)!(key, value));

    [Fact]
    public void ExecDirectivesAreValidInServiceAndSocketButNotTimer()
    {
        Assert.NotNull(DirectiveTable.Find("Service", "User"));
        Assert.NotNull(DirectiveTable.Find("Socket", "User"));
        Assert.Null(DirectiveTable.Find("Timer", "User"));
    }

    [Fact]
    public void SectionsOfNamesWhereAStrayDirectiveBelongs()
    {
        Assert.Equal("Unit", DirectiveTable.SectionsOf("Description").First());
        Assert.Equal("Install", DirectiveTable.SectionsOf("WantedBy").First());
    }
}
