using Steward.Units.Diagnostics;
using Steward.Units.Loading;

namespace Steward.Install.Tests;

public class PresetTests
{
    private static readonly InstallOptions Persistent = new(Runtime: false, Force: false);

    [Fact]
    public void TheFirstMatchingRuleDecidesAndUnmatchedUnitsAreEnabled()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system-preset/50-a.preset", "disable b.*\nenable *\n");
        root.Write("usr/lib/systemd/system-preset/40-b.preset", "enable b.service\n");
        InstallTree tree = root.Tree();
        PresetRules rules = PresetRules.Load(tree.FileSystem, UnitScope.System);

        Assert.Equal(PresetAction.Enable, rules.ActionFor("b.service"));
        Assert.Equal(PresetAction.Disable, rules.ActionFor("b.socket"));
        Assert.Equal(PresetAction.Enable, rules.ActionFor("other.service"));
    }

    [Fact]
    public void LinesSystemd252CannotReadAreReportedWithFileAndLine()
    {
        using var root = new TempRoot();
        root.Write("etc/systemd/system-preset/10-x.preset", "# comment\nignore a.service\nEnable b.service\ndisable c.service\n");
        var warnings = new List<Diagnostic>();

        PresetRules rules = PresetRules.Load(root.Tree().FileSystem, UnitScope.System, warnings);

        Assert.Equal(2, warnings.Count);
        Assert.Equal($"{root.Path}/etc/systemd/system-preset/10-x.preset:2: Couldn't parse line 'ignore a.service'. Ignoring.", warnings[0].ToString());
        Assert.Equal(3, warnings[1].Line);
        Assert.Equal(PresetAction.Disable, rules.ActionFor("c.service"));
    }

    [Fact]
    public void ADisableRuleTakesTheRestOfTheLineAsItsPattern()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "disable a.service extra\n");
        PresetRules rules = PresetRules.Load(root.Tree().FileSystem, UnitScope.System);
        Assert.Equal(PresetAction.Enable, rules.ActionFor("a.service"));
    }

    [Fact]
    public void PresettingATemplateEnablesTheInstancesItsRuleLists()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/u@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "enable u@.service a b\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.Preset(["u@.service"], PresetMode.Full, Persistent);

        Assert.False(result.Failed);
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/u@a.service"));
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/u@b.service"));
    }

    [Fact]
    public void PresetAllPassesOverMaskedUnitsWithoutFailing()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Write("usr/lib/systemd/system/d.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Link("etc/systemd/system/d.service", "/dev/null");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.PresetAll(PresetMode.Full, Persistent);

        Assert.False(result.Failed);
        Assert.Contains(result.Changes, c => c.Failure?.Error == InstallError.Masked);
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/a.service"));
    }

    [Fact]
    public void DisableOnlyModeLeavesUnitsToEnableAlone()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        presets.PresetAll(PresetMode.DisableOnly, Persistent);

        Assert.False(root.Exists("etc/systemd/system/multi-user.target.wants/a.service"));
    }

    // The three cases below are reduced from differential seeds 2, 5 and 3; the expectations are what
    // systemctl 252 --root did on the same trees.
    [Fact]
    public void PresetAllReachingAMaskedUnitThroughAlsoFirstOnlySaysItIsMasked()
    {
        using var root = new TempRoot();
        root.Write("etc/systemd/system/c.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nAlso=d.service\n");
        root.Link("usr/lib/systemd/system/d.service", "/dev/null");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.PresetAll(PresetMode.Full, Persistent);

        Assert.False(result.Failed);
        Assert.DoesNotContain(result.Changes, c => c.IsError);
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.IsMasked && c.Path == "/usr/lib/systemd/system/d.service");
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/c.service"));
    }

    [Fact]
    public void PresetAllFailsForATemplateWhoseDefaultInstanceIsMaskedButEnablesTheRest()
    {
        using var root = new TempRoot();
        root.Link("etc/systemd/system/t@x.service", "/dev/null");
        root.Write("usr/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nDefaultInstance=x\n");
        root.Write("usr/lib/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.PresetAll(PresetMode.Full, Persistent);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Changes.Count(c => c.Failure?.Error == InstallError.Masked));
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/a.service"));
        Assert.False(root.Exists("etc/systemd/system/multi-user.target.wants/t@x.service"));
    }

    [Fact]
    public void AUnitReachedThroughAlsoOfAnEarlierUnitIsNotDisabledByItsOwnPresetLine()
    {
        using var root = new TempRoot();
        root.Write("run/systemd/system/k.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=multi-user.target\nAlso=b.service\n");
        root.Write("usr/lib/systemd/system/b.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Link("etc/systemd/system/multi-user.target.wants/b.service", "/usr/lib/systemd/system/b.service");
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "disable b.service\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.Preset(["k.timer", "b.service"], PresetMode.Full, Persistent);

        Assert.False(result.Failed);
        Assert.DoesNotContain(result.Changes, c => c.Kind == InstallChangeKind.Unlink);
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/k.timer"));
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/b.service"));
    }

    [Fact]
    public void AUnitNamedBeforeTheUnitWhoseAlsoListsItFollowsItsOwnPresetLineFirst()
    {
        using var root = new TempRoot();
        root.Write("run/systemd/system/k.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=multi-user.target\nAlso=b.service\n");
        root.Write("usr/lib/systemd/system/b.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Link("etc/systemd/system/multi-user.target.wants/b.service", "/usr/lib/systemd/system/b.service");
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "disable b.service\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.Preset(["b.service", "k.timer"], PresetMode.Full, Persistent);

        Assert.False(result.Failed);
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.Unlink && c.Path == "/etc/systemd/system/multi-user.target.wants/b.service");
        Assert.Contains(result.Changes, c => c.Kind == InstallChangeKind.Symlink && c.Path == "/etc/systemd/system/multi-user.target.wants/b.service");
    }

    // Reduced from differential seed 6; systemctl 252 --root list-unit-files showed t@x.service disabled.
    [Fact]
    public void TheListedPresetOfAnInstanceIgnoresTheInstanceListOfItsTemplatesRule()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "enable t@.service x y\ndisable *\n");
        PresetRules rules = PresetRules.Load(root.Tree().FileSystem, UnitScope.System);

        Assert.Equal(PresetAction.Disable, rules.ActionFor("t@x.service"));
        Assert.Equal(PresetAction.Enable, rules.ActionFor("t@.service"));
        Assert.Equal(PresetAction.Enable, rules.Find("t@x.service")?.Action);
    }

    // Reduced from differential seeds 8, 9 and 12 (systemctl 252 --root: exit 0, no link for t@y).
    [Fact]
    public void PresetAllStopsAtAMaskedInstanceOfTheListAndGoesOnWithoutFailing()
    {
        using var root = new TempRoot();
        root.Link("etc/systemd/system/t@x.service", "/dev/null");
        root.Write("usr/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");
        root.Write("usr/lib/systemd/system-preset/50-x.preset", "enable t@.service x y\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        InstallResult result = presets.PresetAll(PresetMode.EnableOnly, Persistent);

        Assert.False(result.Failed);
        Assert.False(root.Exists("etc/systemd/system/multi-user.target.wants/t@y.service"));
    }

    // Reduced from differential seed 5 case 33: the template's own links are refused, its Also= still goes.
    [Fact]
    public void ATemplateWhoseDefaultInstanceIsMaskedStillEnablesWhatItsAlsoNames()
    {
        using var root = new TempRoot();
        root.Link("etc/systemd/system/t@x.service", "/dev/null");
        root.Write("usr/local/lib/systemd/system/t@.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nAlso=c.service\nDefaultInstance=x\n");
        root.Write("usr/lib/systemd/system/c.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\n");

        InstallResult result = new UnitFileInstaller(root.Tree()).Enable(["t@.service"], Persistent);

        Assert.True(result.Failed);
        Assert.True(root.Exists("etc/systemd/system/multi-user.target.wants/c.service"));
        Assert.False(root.Exists("etc/systemd/system/multi-user.target.wants/t@x.service"));
    }

    // Reduced from differential seed 8 case 76 (systemctl 252 --root gave al.service to d.service, every run).
    [Fact]
    public void PresetAllEnablesTheUnitsItTookInBeforeWhatTheirAlsoNames()
    {
        using var root = new TempRoot();
        root.Write("run/systemd/system/a.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nAlso=c.service\n");
        root.Write("usr/lib/systemd/system/c.service", TempRoot.Service + "[Install]\nWantedBy=multi-user.target\nAlso=b.service\n");
        root.Write("usr/lib/systemd/system/b.service", TempRoot.Service + "[Install]\nAlias=al.service\n");
        root.Write("lib/systemd/system/d.service", TempRoot.Service + "[Install]\nAlias=al.service\n");
        InstallTree tree = root.Tree();
        var presets = new UnitFilePresets(tree, PresetRules.Load(tree.FileSystem, UnitScope.System));

        presets.PresetAll(PresetMode.Full, Persistent);

        Assert.Equal("/lib/systemd/system/d.service", root.LinkTarget("etc/systemd/system/al.service"));
    }
}
