using Steward.Units.Diagnostics;

namespace Steward.Install.Tests;

public class InstallSectionTests
{
    [Fact]
    public void OnlyUnknownSectionsAndTheLinesOfInstallAreWarnedAbout()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service",
            "[Unit]\njunk in unit\n[Bogus]\nKey=v\n[X-Mine]\nA=b\n[Install]\nWantedBy=multi-user.target\nUpheldBy=x.target\njunk2\n=x\n");
        var warnings = new List<Diagnostic>();
        InstallTree tree = root.Tree();

        InstallSection section = InstallSection.Read(tree.FileSystem, "a.service", "/usr/lib/systemd/system/a.service", [], warnings);

        Assert.Equal(["multi-user.target"], section.WantedBy);
        Assert.Equal(
            [
                "3: Unknown section 'Bogus'. Ignoring.",
                "9: Unknown key 'UpheldBy' in section [Install], ignoring.",
                "10: Missing '=', ignoring line.",
                "11: Missing key name before '=', ignoring line.",
            ],
            warnings.Select(w => $"{w.Line}: {w.Message}"));
    }

    [Fact]
    public void DefaultInstanceOutsideATemplateIsWarnedAboutAndIgnored()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/a.service", "[Install]\nDefaultInstance=x\n");
        var warnings = new List<Diagnostic>();

        InstallSection section = InstallSection.Read(root.Tree().FileSystem, "a.service", "/usr/lib/systemd/system/a.service", [], warnings);

        Assert.Null(section.DefaultInstance);
        Assert.Equal("DefaultInstance= only makes sense for template units, ignoring.", Assert.Single(warnings).Message);
    }

    [Fact]
    public void SpecifiersAreExpandedForTheUnitsName()
    {
        using var root = new TempRoot();
        root.Write("usr/lib/systemd/system/t@.service", "[Install]\nRequiredBy=%p-extra.target\nWantedBy=%i.target\n");

        InstallSection section = InstallSection.Read(root.Tree().FileSystem, "t@x.service", "/usr/lib/systemd/system/t@.service", []);

        Assert.Equal(["t-extra.target"], section.RequiredBy);
        Assert.Equal(["x.target"], section.WantedBy);
    }
}
