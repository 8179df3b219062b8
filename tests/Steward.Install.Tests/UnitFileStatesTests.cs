namespace Steward.Install.Tests;

public class UnitFileStatesTests
{
    private static UnitFileState? StateOf(TempRoot root, string name) => new UnitFileStates(root.Tree()).Get(name).State;

    [Fact]
    public void AUnitWithoutInstallSettingsIsStatic()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/s.service", TempRoot.Service);
        Assert.Equal(UnitFileState.Static, StateOf(root, "s.service"));
    }

    [Fact]
    public void AUnitThatCouldBeEnabledButIsNotIsDisabled()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        Assert.Equal(UnitFileState.Disabled, StateOf(root, "a.service"));
    }

    [Fact]
    public void ALinkInTheRuntimeConfigurationMakesItEnabledRuntime()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Link("run/systemd/system/multi-user.target.wants/a.service", "/usr/lib/systemd/system/a.service");
        Assert.Equal(UnitFileState.EnabledRuntime, StateOf(root, "a.service"));
    }

    [Fact]
    public void AMaskInRunIsMaskedRuntime()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service);
        root.Link("run/systemd/system/a.service", "/dev/null");
        Assert.Equal(UnitFileState.MaskedRuntime, StateOf(root, "a.service"));
    }

    [Fact]
    public void AnAliasNameIsInStateAlias()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service);
        root.Link("etc/systemd/system/al.service", "/usr/lib/systemd/system/a.service");
        Assert.Equal(UnitFileState.Alias, StateOf(root, "al.service"));
    }

    [Fact]
    public void AFileLinkedFromOutsideTheLoadPathIsLinked()
    {
        using var root = new TempRoot();
        root.Write("opt/l.service", TempRoot.Service);
        root.Link("etc/systemd/system/l.service", "/opt/l.service");
        Assert.Equal(UnitFileState.Linked, StateOf(root, "l.service"));
    }

    [Fact]
    public void AUnitOnlyPulledInByAlsoIsIndirect()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nAlso=b.service\n");
        Assert.Equal(UnitFileState.Indirect, StateOf(root, "a.service"));
    }

    [Fact]
    public void AGeneratedUnitIsGenerated()
    {
        using var root = new TempRoot();
        root.Write("run/systemd/generator/g.service", TempRoot.Service);
        Assert.Equal(UnitFileState.Generated, StateOf(root, "g.service"));
    }

    [Fact]
    public void ASymlinkToNowhereIsSevered()
    {
        using var root = new TempRoot();
        root.Link("etc/systemd/system/dangling.service", "/usr/lib/systemd/system/nothere.service");
        UnitFileStateResult result = new UnitFileStates(root.Tree()).Get("dangling.service");
        Assert.Null(result.State);
        Assert.Equal("Link has been severed", result.ErrorText);
    }

    [Fact]
    public void AMissingUnitHasNoState()
    {
        using var root = new TempRoot();
        UnitFileStateResult result = new UnitFileStates(root.Tree()).Get("nope.service");
        Assert.Null(result.State);
        Assert.Equal("No such file or directory", result.ErrorText);
    }
}
