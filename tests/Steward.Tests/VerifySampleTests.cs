namespace Steward.Tests;

public sealed class VerifySampleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("steward-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TheFoundingSampleUnderARootGetsSystemdsFindingsPlusTheWalkthroughsHints()
    {
        string dir = Path.Join(_root, "etc/systemd/system");
        Directory.CreateDirectory(dir);
        string repo = Path.GetDirectoryName(Path.GetDirectoryName(StewardBinary.Path))!;
        File.Copy(Path.Join(repo, "examples/sample.service"), Path.Join(dir, "sample.service"));

        ProcessResult real = StewardBinary.Exec("systemd-analyze", "verify", "--man=no", $"--root={_root}", "sample.service");
        ProcessResult ours = StewardBinary.Run("analyze", "verify", "--man=no", $"--root={_root}", "sample.service");

        Assert.NotEqual(0, real.ExitCode);
        Assert.NotEqual(0, ours.ExitCode);
        string[] ourLines = ours.Stderr.Split('\n');
        Assert.All(real.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(line, ourLines));
        Assert.Contains(ourLines, l => l.EndsWith(":1: Description= is outside of any section; it belongs in [Unit].", StringComparison.Ordinal));
        Assert.Contains(ourLines, l => l.EndsWith(":4: WantedBy= is outside of any section; it belongs in [Install].", StringComparison.Ordinal));
        Assert.Contains(ourLines, l => l.EndsWith("did you mean multi-user.target?", StringComparison.Ordinal));
        Assert.Contains("sample.service: Unit has no [Service] section and no ExecStart=; add [Service] with ExecStart=COMMAND.", ourLines);
    }
}
