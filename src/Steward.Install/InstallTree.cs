using Steward.Units.Diagnostics;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

/// <summary>A unit as the install operations see it: the name asked for, where it leads, and its
/// <c>[Install]</c> settings (empty when masked or missing).</summary>
public sealed record InstallUnit(string Name, LocatedUnit Located, InstallSection Install)
{
    /// <summary>The unit's own name after aliases: the name its enablement symlinks carry.</summary>
    public string EffectiveName => Located.FinalName ?? Name;
}

/// <summary>
/// The unit-file tree of one scope under one root: the load path, the file-system view confined to
/// the root, and discovery of units with their install settings.
/// </summary>
public sealed class InstallTree
{
    public InstallTree(UnitSearchPaths paths)
    {
        Paths = paths;
        FileSystem = new UnitFileSystem(paths);
        Locator = new UnitLocator(FileSystem);
        DropIns = new DropInLocator(FileSystem);
    }

    private readonly UniqueDiagnostics _warnings = new();

    public UnitSearchPaths Paths { get; }

    /// <summary>What reading unit and preset files brought up, each once, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Warnings => _warnings.Items;

    /// <summary>Where readers of this tree (presets, for one) add their warnings.</summary>
    public ICollection<Diagnostic> WarningSink => _warnings;

    public UnitFileSystem FileSystem { get; }

    public UnitLocator Locator { get; }

    public DropInLocator DropIns { get; }

    /// <summary>Locates a unit and, unless <paramref name="readInstall"/> is false (operations that only
    /// link the file, which systemctl does without parsing it), reads its [Install] settings — from
    /// its drop-ins too unless <paramref name="withDropIns"/> is false (a unit given by path).</summary>
    public InstallUnit Discover(string name, bool readInstall = true, bool withDropIns = true)
    {
        LocatedUnit located = Locator.Locate(name);
        if (!located.Found || located.Masked || located.FragmentPath is null || !readInstall)
        {
            return new InstallUnit(name, located, new InstallSection());
        }

        var unit = new InstallUnit(name, located, new InstallSection());
        string effective = unit.EffectiveName;
        return unit with { Install = InstallSection.Read(FileSystem, effective, located.FragmentPath, withDropIns ? DropInsOf(located) : [], _warnings) };
    }

    /// <summary>The drop-ins of a located unit: those of its name, of every alias it was reached by,
    /// and of the name its file carries.</summary>
    public IReadOnlyList<string> DropInsOf(LocatedUnit located)
    {
        var names = new List<string> { located.Name };
        names.AddRange(located.Aliases ?? []);
        if (located.FragmentName is { } fragmentName && !names.Contains(fragmentName))
        {
            names.Add(fragmentName);
        }

        return DropIns.Find(names);
    }

    /// <summary>Every unit file name in the load path in the order systemctl meets them: directory by
    /// directory, each in the order the file system lists it.</summary>
    public IReadOnlyList<string> UnitFilesInLoadOrder()
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (SearchDirectory directory in Paths.Directories)
        {
            foreach (string entry in FileSystem.ListUnsorted(directory.Path))
            {
                if (UnitNames.Split(entry) is not null && FileSystem.KindOf(directory.Path + "/" + entry) is EntryKind.File or EntryKind.Symlink && seen.Add(entry))
                {
                    names.Add(entry);
                }
            }
        }

        return names;
    }

    /// <summary>Every unit file name in the load path, with the first directory that holds it.</summary>
    public SortedDictionary<string, SearchDirectory> AllUnitFiles()
    {
        var result = new SortedDictionary<string, SearchDirectory>(StringComparer.Ordinal);
        foreach (SearchDirectory directory in Paths.Directories)
        {
            foreach (string entry in FileSystem.List(directory.Path))
            {
                if (UnitNames.Split(entry) is null || result.ContainsKey(entry))
                {
                    continue;
                }

                EntryKind kind = FileSystem.KindOf(directory.Path + "/" + entry);
                if (kind is EntryKind.File or EntryKind.Symlink)
                {
                    result[entry] = directory;
                }
            }
        }

        return result;
    }
}
