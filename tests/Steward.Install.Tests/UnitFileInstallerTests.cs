using Steward.Units.Loading;

namespace Steward.Install.Tests;

public class UnitFileInstallerTests
{
    private static readonly InstallOptions Persistent = new(Runtime: false, Force: false);
    private static readonly InstallOptions Runtime = new(Runtime: true, Force: false);

    [Fact]
    public void EnablingLinksTheUnitIntoTheWantsDirectoryOfItsTarget()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["a.service"], Persistent);

        Assert.False(result.Failed);
        Assert.Equal("/usr/lib/systemd/system/a.service", root.LinkTarget("etc/systemd/system/multi-user.target.wants/a.service"));
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.Symlink);
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.DestinationNotPresent && c.Source == "multi-user.target");
    }

    [Fact]
    public void EnablingATemplateUsesItsDefaultInstance()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nDefaultInstance=x\n");

        new UnitFileInstaller(root.Tree()).Enable(["t@.service"], Persistent);

        Assert.Equal("/usr/lib/systemd/system/t@.service", root.LinkTarget("etc/systemd/system/multi-user.target.wants/t@x.service"));
    }

    [Fact]
    public void EnablingATemplateWithoutAnInstanceIntoAPlainTargetFails()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["t@.service"], Persistent);

        Assert.True(result.Failed);
        Assert.Contains(result.Changes, c => c.Failure?.Error == InstallError.TemplateForNonTemplate);
    }

    [Fact]
    public void AFailureAfterAnAliasWasMadeIsReportedButDoesNotFailTheUnit()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/v@.service", TempRoot.Service + "[Install]\nAlias=alt@.service\nWantedBy=multi-user.target\n");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["v@.service"], Persistent);

        Assert.False(result.Failed);
        Assert.Contains(result.Changes, c => c.Failure?.Error == InstallError.TemplateForNonTemplate);
        Assert.Equal("/usr/lib/systemd/system/v@.service", root.LinkTarget("etc/systemd/system/alt@.service"));
    }

    [Fact]
    public void AMissingUnitNamedByAlsoIsPassedOverWithANote()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=g.target\nAlso=nope.service\n");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["a.service"], Persistent);

        Assert.False(result.Failed);
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.AuxiliaryFailed && c.Path == "nope.service");
    }

    [Fact]
    public void DisablingRemovesTheLinksAndTheEmptiedWantsDirectory()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        var installer = new UnitFileInstaller(root.Tree());
        installer.Enable(["a.service"], Persistent);

        InstallResult result = installer.Disable(["a.service"], Persistent);

        Assert.False(result.Failed);
        Assert.False(root.Exists("etc/systemd/system/multi-user.target.wants"));
    }

    [Fact]
    public void DisablingReportsLinksThatLoopAndFails()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Link("etc/systemd/system/loop1.service", "loop2.service");
        root.Link("etc/systemd/system/loop2.service", "loop1.service");

        InstallResult result = new UnitFileInstaller(root.Tree()).Disable(["a.service"], Persistent);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Changes.Count(c => c.Failure?.Error == InstallError.LinkedUnitFile));
    }

    [Fact]
    public void MaskingTheAdminsOwnUnitGoesThroughTheControlDirectoryAndLeavesTheFileAlone()
    {
        using var root = new TempRoot();
        string file = root.Write("etc/systemd/system/sample.service", TempRoot.Service);
        var before = new FileInfo(file);
        long inode = Inode(file);
        InstallTree tree = root.Tree();

        InstallResult result = new UnitFileInstaller(tree).Mask(["sample.service"], Persistent);

        Assert.False(result.Failed);
        Assert.Equal("/dev/null", root.LinkTarget("etc/systemd/system.control/sample.service"));
        Assert.Equal(TempRoot.Service, File.ReadAllText(file));
        Assert.Equal(inode, Inode(file));
        Assert.Equal(before.LastWriteTimeUtc, new FileInfo(file).LastWriteTimeUtc);
        Assert.Equal(UnitFileState.Masked, new UnitFileStates(root.Tree()).Get("sample.service").State);
    }

    [Fact]
    public void UnmaskRemovesTheControlMaskAndTheUnitIsAsBefore()
    {
        using var root = new TempRoot();
        root.Write("etc/systemd/system/sample.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        UnitFileState? before = new UnitFileStates(root.Tree()).Get("sample.service").State;
        new UnitFileInstaller(root.Tree()).Mask(["sample.service"], Persistent);

        InstallResult result = new UnitFileInstaller(root.Tree()).Unmask(["sample.service"], Persistent);

        Assert.False(result.Failed);
        Assert.False(root.Exists("etc/systemd/system.control/sample.service"));
        Assert.Equal(before, new UnitFileStates(root.Tree()).Get("sample.service").State);
    }

    [Fact]
    public void RuntimeMaskOfAUnitInRunGoesThroughTheRuntimeControlDirectory()
    {
        using var root = new TempRoot();
        root.Write("run/systemd/system/r.service", TempRoot.Service);

        new UnitFileInstaller(root.Tree()).Mask(["r.service"], Runtime);

        Assert.Equal("/dev/null", root.LinkTarget("run/systemd/system.control/r.service"));
        Assert.Equal(UnitFileState.MaskedRuntime, new UnitFileStates(root.Tree()).Get("r.service").State);
    }

    [Fact]
    public void AVendorUnitIsMaskedInTheConfigurationDirectoryAsSystemctlDoes()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/v.service", TempRoot.Service);

        new UnitFileInstaller(root.Tree()).Mask(["v.service"], Persistent);

        Assert.Equal("/dev/null", root.LinkTarget("etc/systemd/system/v.service"));
    }

    [Fact]
    public void EnablingThroughAnAliasMadeInTheConfigurationIsRefused()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=g.target\n");
        root.Link("etc/systemd/system/al.service", "/usr/lib/systemd/system/a.service");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["al.service"], Persistent);

        Assert.True(result.Failed);
        Assert.Contains(result.Changes, c => c.Failure?.Error == InstallError.LinkedUnitName);
    }

    [Fact]
    public void AUnitGivenByPathIsEnabledWithoutTheInstallSettingsOfItsDropIns()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/p.path", "[Path]\nPathExists=/x\n[Install]\nWantedBy=sockets.target\n");
        root.Write("usr/lib/systemd/system/p.path.d/install.conf", "[Install]\nWantedBy=g.target\n");

        new UnitFileInstaller(root.Tree()).Enable(["/usr/lib/systemd/system/p.path"], Persistent);

        Assert.True(root.Exists("etc/systemd/system/sockets.target.wants/p.path"));
        Assert.False(root.Exists("etc/systemd/system/g.target.wants/p.path"));
    }

    private static long Inode(string path)
    {
        // stat(1) is enough for a test: the inode number of the file, to see it is the same file.
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Reduced from differential seed 2; systemctl 252 --root removed all three links.
    [Fact]
    public void DisablingATemplateRemovesItsInstancesLinksByNameMasksIncluded()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Write("opt/other.service", TempRoot.Service);
        root.Link("etc/systemd/system/t@x.service", "/dev/null");
        root.Link("etc/systemd/system/foo.wants/t@y.service", "/opt/other.service");
        root.Link("etc/systemd/system/foo.wants/b.service", "/dev/null");

        InstallResult result = new UnitFileInstaller(root.Tree()).Disable(["t@.service"], Persistent);

        Assert.False(result.Failed);
        Assert.False(root.Exists("etc/systemd/system/t@x.service"));
        Assert.False(root.Exists("etc/systemd/system/foo.wants/t@y.service"));
        Assert.True(root.Exists("etc/systemd/system/foo.wants/b.service"));
    }
}
