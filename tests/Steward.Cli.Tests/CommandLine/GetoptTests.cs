using Steward.Cli.CommandLine;
using Steward.Cli.Systemctl;

namespace Steward.Cli.Tests.CommandLine;

public class GetoptTests
{
    private static readonly Getopt Systemctl = new(SystemctlOptions.All);

    [Fact]
    public void OptionsAfterOperandsAreStillOptions()
    {
        ParsedCommandLine parsed = Systemctl.Parse(["is-enabled", "x.service", "--root=/r", "-q"]);
        Assert.Null(parsed.Error);
        Assert.Equal(["is-enabled", "x.service"], parsed.Operands);
        Assert.Equal(["root", "quiet"], parsed.Options.Select(o => o.Id));
        Assert.Equal("/r", parsed.Options[0].Value);
    }

    [Fact]
    public void ShortOptionsBundleAndTakeAttachedArguments()
    {
        ParsedCommandLine parsed = Systemctl.Parse(["-qapMainPID", "show"]);
        Assert.Null(parsed.Error);
        Assert.Equal(["quiet", "all", "property"], parsed.Options.Select(o => o.Id));
        Assert.Equal("MainPID", parsed.Options[2].Value);
    }

    [Fact]
    public void DoubleDashEndsOptions()
    {
        ParsedCommandLine parsed = Systemctl.Parse(["--", "--foo", "-q"]);
        Assert.Null(parsed.Error);
        Assert.Equal(["--foo", "-q"], parsed.Operands);
    }

    [Fact]
    public void UniquePrefixesOfLongOptionsAreAccepted()
    {
        ParsedCommandLine parsed = Systemctl.Parse(["--no-pag", "--prop", "Id"]);
        Assert.Null(parsed.Error);
        Assert.Equal(["no-pager", "property"], parsed.Options.Select(o => o.Id));
        Assert.Equal("Id", parsed.Options[1].Value);
    }

    [Theory]
    [InlineData("--foo", "unrecognized option '--foo'")]
    [InlineData("-Z", "invalid option -- 'Z'")]
    [InlineData("-p", "option requires an argument -- 'p'")]
    [InlineData("--property", "option '--property' requires an argument")]
    [InlineData("--no-pager=3", "option '--no-pager' doesn't allow an argument")]
    [InlineData("--a", "option '--a' is ambiguous; possibilities: '--all' '--after'")]
    [InlineData("--n", "option '--n' is ambiguous; possibilities: '--no-block' '--no-legend' '--no-pager' '--no-wall' '--no-reload' '--no-ask-password' '--now'")]
    public void ErrorsAreWordedAsGlibcWordsThem(string arg, string message)
    {
        Assert.Equal(message, Systemctl.Parse([arg]).Error);
    }
}
