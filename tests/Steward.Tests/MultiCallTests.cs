namespace Steward.Tests;

public class MultiCallTests
{
    [Fact]
    public void VersionNamesSystemdReleaseFirstSoScriptsCanParseIt()
    {
        ProcessResult result = StewardBinary.Run("--version");
        Assert.Equal(0, result.ExitCode);
        string first = result.Stdout.Split('\n')[0];
        Assert.Matches(@"^systemd 252 \(steward [0-9.]+\)$", first);
    }

    [Fact]
    public void InvokedAsSystemctlAnUnknownVerbGetsSystemctlsMessageAndStatus()
    {
        ProcessResult ours = StewardBinary.RunAs("systemctl", "frobnicate");
        ProcessResult real = StewardBinary.Exec("systemctl", "frobnicate");
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Equal(real.Stderr, ours.Stderr);
    }

    [Theory]
    [InlineData("--foo")]
    [InlineData("-Z")]
    [InlineData("--a")]
    [InlineData("--property")]
    public void BadOptionsGetTheSameMessagesAsRealSystemctl(string option)
    {
        ProcessResult ours = StewardBinary.RunAs("systemctl", option);
        ProcessResult real = StewardBinary.Exec("/bin/systemctl", option);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Equal(real.Stderr.Replace("/bin/systemctl:", "systemctl:", StringComparison.Ordinal), ours.Stderr.Replace(StewardBinary.Path, "systemctl", StringComparison.Ordinal).Replace(ours.Stderr.Split(':')[0] + ":", "systemctl:", StringComparison.Ordinal));
    }

    [Fact]
    public void LaterVerbsSayTheyAreNotImplementedAndFail()
    {
        ProcessResult result = StewardBinary.Run("list-timers");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not implemented yet", result.Stderr, StringComparison.Ordinal);
    }
}
