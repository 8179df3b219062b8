namespace Steward.Install.Tests;

public class UnitFileReverterTests
{
    [Fact]
    public void RevertRemovesDropInsAndOverridesOfAVendorUnit()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service);
        root.Write("etc/systemd/system/a.service", TempRoot.Service);
        root.Write("etc/systemd/system/a.service.d/x.conf", "[Unit]\n");
        root.Write("run/systemd/system/a.service.d/y.conf", "[Unit]\n");

        InstallResult result = new UnitFileReverter(root.Tree()).Revert(["a.service"]);

        Assert.False(result.Failed);
        Assert.False(root.Exists("etc/systemd/system/a.service"));
        Assert.False(root.Exists("etc/systemd/system/a.service.d"));
        Assert.False(root.Exists("run/systemd/system/a.service.d"));
        Assert.True(root.Exists("usr/lib/systemd/system/a.service"));
    }

    [Fact]
    public void RevertKeepsAUnitTheAdminWroteWhenThereIsNoVendorVersion()
    {
        using var root = new TempRoot();
        root.Write("etc/systemd/system/b.service", TempRoot.Service);
        root.Write("etc/systemd/system/b.service.d/z.conf", "[Unit]\n");

        new UnitFileReverter(root.Tree()).Revert(["b.service"]);

        Assert.True(root.Exists("etc/systemd/system/b.service"));
        Assert.False(root.Exists("etc/systemd/system/b.service.d"));
    }

    [Fact]
    public void RevertUnmasksAVendorUnit()
    {
        using var root = new TempRoot();
        root.Write("lib/systemd/system/c.service", TempRoot.Service);
        root.Link("etc/systemd/system/c.service", "/dev/null");

        new UnitFileReverter(root.Tree()).Revert(["c.service"]);

        Assert.Equal(UnitFileState.Static, new UnitFileStates(root.Tree()).Get("c.service").State);
    }
}
