namespace Steward.Tests;

/// <summary>
/// Step 3 of the seed walkthrough as far as it needs no manager: the admin's own unit in
/// /etc/systemd/system is masked (systemd 252 refuses), real systemctl agrees it is masked, and unmask
/// brings back exactly the state before — persistent and with --runtime.
/// </summary>
public sealed class MaskSampleTests : IDisposable
{
    private const string FixedSample =
        "[Unit]\nDescription=This is my test service\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n";

    private readonly string _root = Directory.CreateTempSubdirectory("steward-mask-").FullName;

    public MaskSampleTests()
    {
        Directory.CreateDirectory(Path.Join(_root, "etc/systemd/system"));
        Directory.CreateDirectory(Path.Join(_root, "usr/lib/systemd/system"));
        File.WriteAllText(Path.Join(_root, "usr/lib/systemd/system/multi-user.target"), "[Unit]\nDescription=Multi-User System\n");
        File.WriteAllText(SamplePath, FixedSample);
    }

    private string SamplePath => Path.Join(_root, "etc/systemd/system/sample.service");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A UTF-8 locale, so the change records draw their arrow as "→" whatever CI's locale is.
    private ProcessResult Steward(params string[] args) =>
        StewardBinary.Exec(StewardBinary.Path, new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" }, [$"--root={_root}", .. args]);

    private ProcessResult Systemctl(params string[] args) => StewardBinary.Exec("systemctl", [$"--root={_root}", .. args]);

    [Fact]
    public void SystemdRefusesToMaskTheAdminsOwnUnit()
    {
        ProcessResult real = Systemctl("mask", "sample.service");

        Assert.Equal(1, real.ExitCode);
        Assert.Contains("already exists", real.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StewardMasksItThroughTheControlDirectoryAndUnmaskRestoresTheStateBefore()
    {
        Assert.Equal(0, Steward("enable", "sample.service").ExitCode);
        string before = Steward("is-enabled", "sample.service").Stdout;
        Assert.Equal("enabled\n", before);
        string inode = Inode(SamplePath);

        ProcessResult mask = Steward("mask", "sample.service");

        Assert.Equal(0, mask.ExitCode);
        Assert.Equal($"Created symlink {_root}/etc/systemd/system.control/sample.service → /dev/null.\n", mask.Stderr);
        Assert.Equal(FixedSample, File.ReadAllText(SamplePath));
        Assert.Equal(inode, Inode(SamplePath));
        Assert.Equal("masked\n", Steward("is-enabled", "sample.service").Stdout);
        Assert.Equal("masked\n", Systemctl("is-enabled", "sample.service").Stdout);
        Assert.Contains("sample.service masked", Steward("list-unit-files", "sample.service").Stdout, StringComparison.Ordinal);

        ProcessResult unmask = Steward("unmask", "sample.service");

        Assert.Equal(0, unmask.ExitCode);
        Assert.Equal($"Removed \"{_root}/etc/systemd/system.control/sample.service\".\n", unmask.Stderr);
        Assert.Equal(before, Steward("is-enabled", "sample.service").Stdout);
        Assert.Equal(before, Systemctl("is-enabled", "sample.service").Stdout);
        Assert.Equal(FixedSample, File.ReadAllText(SamplePath));
    }

    [Fact]
    public void ARuntimeMaskGoesThroughTheRuntimeControlDirectoryAndIsUndoneTheSameWay()
    {
        ProcessResult mask = Steward("mask", "--runtime", "sample.service");

        Assert.Equal(0, mask.ExitCode);
        Assert.Equal("/dev/null", new FileInfo(Path.Join(_root, "run/systemd/system.control/sample.service")).LinkTarget);
        Assert.Equal("masked-runtime\n", Steward("is-enabled", "sample.service").Stdout);
        Assert.Equal("masked-runtime\n", Systemctl("is-enabled", "sample.service").Stdout);

        Assert.Equal(0, Steward("unmask", "--runtime", "sample.service").ExitCode);
        Assert.Equal("disabled\n", Steward("is-enabled", "sample.service").Stdout);
        Assert.Equal(FixedSample, File.ReadAllText(SamplePath));
    }

    [Fact]
    public void DisableTakesTheInstallLinksAwayButLeavesTheUnitStartableByHand()
    {
        Steward("enable", "sample.service");

        ProcessResult disable = Steward("disable", "sample.service");

        Assert.Equal(0, disable.ExitCode);
        Assert.Equal($"Removed \"{_root}/etc/systemd/system/multi-user.target.wants/sample.service\".\n", disable.Stderr);
        Assert.Equal("disabled\n", Steward("is-enabled", "sample.service").Stdout);
        Assert.True(File.Exists(SamplePath));
    }

    private static string Inode(string path) => StewardBinary.Exec("stat", "-c", "%i", path).Stdout;
}
