using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

/// <summary>The answer to "what state is this unit file in": a state, or why there is none.</summary>
public sealed record UnitFileStateResult(UnitFileState? State, LocateError Error)
{
    public string ErrorText => Error switch
    {
        LocateError.Loop => "Too many levels of symbolic links",
        LocateError.NotAFile => "Is a directory",
        LocateError.BadAlias => "Invalid argument",
        LocateError.Dangling => "Link has been severed",
        _ => "No such file or directory",
    };
}

/// <summary>
/// Decides the unit file state as systemctl reports it: masks first, then aliases, generated and
/// transient files, then whether enablement symlinks in the configuration point at the unit (by one
/// of its install names: enabled; by any other name: indirect; only the unit's own link: linked),
/// and otherwise what its [Install] section offers (disabled, indirect through Also=, or static).
/// </summary>
public sealed class UnitFileStates
{
    private static readonly string[] DependencyDirectorySuffixes = [".wants", ".requires", ".upholds"];

    private readonly InstallTree _tree;
    private readonly Dictionary<string, List<LinkEntry>> _links = new(StringComparer.Ordinal);

    /// <summary>States of the units of a tree as it is now: the links are read once, so make a new
    /// instance after changing the tree.</summary>
    public UnitFileStates(InstallTree tree) => _tree = tree;

    public UnitFileStateResult Get(string name)
    {
        if (UnitNames.Split(name) is null)
        {
            return new UnitFileStateResult(null, LocateError.BadAlias);
        }

        InstallUnit unit = _tree.Discover(name);
        return Of(unit);
    }

    public UnitFileStateResult Of(InstallUnit unit)
    {
        LocatedUnit located = unit.Located;
        if (!located.Found)
        {
            return new UnitFileStateResult(null, located.Error);
        }

        if (located.Masked)
        {
            return new UnitFileStateResult(located.EntryDirectory!.IsRuntime ? UnitFileState.MaskedRuntime : UnitFileState.Masked, LocateError.None);
        }

        string fragment = located.FragmentPath!;
        if (Path.GetFileName(fragment) != unit.Name && UnitNames.Split(unit.Name) is not { Instance.Length: > 0 })
        {
            return new UnitFileStateResult(UnitFileState.Alias, LocateError.None);
        }

        SearchDirectory? home = _tree.Paths.DirectoryOf(fragment);
        if (home?.IsGenerated == true)
        {
            return new UnitFileStateResult(UnitFileState.Generated, LocateError.None);
        }

        if (home?.Kind == SearchDirectoryKind.Transient)
        {
            return new UnitFileStateResult(UnitFileState.Transient, LocateError.None);
        }

        if (FindSymlinks(unit, matchName: true) is { } enabled)
        {
            return new UnitFileStateResult(enabled, LocateError.None);
        }

        if (FindSymlinks(unit, matchName: false) is not null)
        {
            return new UnitFileStateResult(UnitFileState.Indirect, LocateError.None);
        }

        UnitFileState fallback = unit.Install.HasRules ? UnitFileState.Disabled
            : unit.Install.HasAlso ? UnitFileState.Indirect
            : UnitFileState.Static;
        return new UnitFileStateResult(fallback, LocateError.None);
    }

    /// <summary>Looks through the load path for symlinks that enable the unit. Only the persistent
    /// configuration (enabled) and directories under /run (enabled-runtime) count.</summary>
    private UnitFileState? FindSymlinks(InstallUnit unit, bool matchName)
    {
        bool enabledInRuntime = false;
        bool sameNameInConfig = false;
        bool sameNameInRuntime = false;
        bool ignoreSameName = false;
        string name = unit.EffectiveName;
        string fragment = unit.Located.FragmentPath!;
        string entry = unit.Located.EntryPath ?? fragment;
        foreach (SearchDirectory directory in _tree.Paths.Directories)
        {
            (bool found, bool sameName) = FindIn(directory.Path, unit, name, matchName, ignoreSameName);
            if (found)
            {
                if (directory.Kind == SearchDirectoryKind.PersistentConfig)
                {
                    return UnitFileState.Enabled;
                }

                if (directory.IsRuntime)
                {
                    enabledInRuntime = true;
                }
            }
            else if (sameName)
            {
                if (directory.Kind == SearchDirectoryKind.PersistentConfig)
                {
                    sameNameInConfig = true;
                }
                else if (directory.IsRuntime)
                {
                    sameNameInRuntime = true;
                }
            }

            // Links named like the unit below the directory that defines it do not count by name.
            if (!ignoreSameName && (fragment.StartsWith(directory.Path + "/", StringComparison.Ordinal) || entry.StartsWith(directory.Path + "/", StringComparison.Ordinal)))
            {
                ignoreSameName = true;
            }
        }

        if (enabledInRuntime)
        {
            return UnitFileState.EnabledRuntime;
        }

        if (sameNameInConfig)
        {
            return UnitFileState.Linked;
        }

        return sameNameInRuntime ? UnitFileState.LinkedRuntime : null;
    }

    private (bool Found, bool SameName) FindIn(string directory, InstallUnit unit, string name, bool matchName, bool ignoreSameName)
    {
        bool sameName = false;
        foreach (LinkEntry link in LinksIn(directory))
        {
            bool foundPath = !ignoreSameName && link.Name == name;
            bool foundDestination = Path.GetFileName(link.Target) == name;
            if (foundPath && foundDestination && link.TopLevel)
            {
                sameName = true;
                continue;
            }

            if (!foundPath && !foundDestination)
            {
                continue;
            }

            if (!matchName || IsKnownName(unit, name, link.Name))
            {
                return (true, sameName);
            }
        }

        return (false, sameName);
    }

    /// <summary>A symlink in a load-path directory or in one of its .wants/.requires/.upholds directories.</summary>
    private sealed record LinkEntry(string Name, string Target, bool TopLevel);

    /// <summary>The symlinks of a directory, those in its dependency directories first, then its own; read
    /// once per directory, as every unit's state is decided from the same links (in any order: only
    /// whether a link exists matters).</summary>
    private List<LinkEntry> LinksIn(string directory)
    {
        if (_links.TryGetValue(directory, out List<LinkEntry>? cached))
        {
            return cached;
        }

        var links = new List<LinkEntry>();
        IReadOnlyList<(string Name, EntryKind Kind)> entries = _tree.FileSystem.ListLinksAndDirectories(directory);
        foreach ((string entry, EntryKind kind) in entries)
        {
            if (kind == EntryKind.Directory && DependencyDirectorySuffixes.Any(s => entry.EndsWith(s, StringComparison.Ordinal)))
            {
                AddLinks(directory + "/" + entry, _tree.FileSystem.ListLinksAndDirectories(directory + "/" + entry), topLevel: false, links);
            }
        }

        AddLinks(directory, entries, topLevel: true, links);
        _links[directory] = links;
        return links;
    }

    private void AddLinks(string directory, IReadOnlyList<(string Name, EntryKind Kind)> entries, bool topLevel, List<LinkEntry> links)
    {
        foreach ((string entry, EntryKind kind) in entries)
        {
            if (kind == EntryKind.Symlink && _tree.FileSystem.ReadLinkAbsolute(directory + "/" + entry) is { } target)
            {
                links.Add(new LinkEntry(entry, target, topLevel));
            }
        }
    }

    /// <summary>Whether a link name is one the unit's [Install] section would create.</summary>
    private static bool IsKnownName(InstallUnit unit, string name, string linkName)
    {
        if (linkName == name || unit.Install.Alias.Contains(linkName))
        {
            return true;
        }

        return unit.Install.DefaultInstance is { } instance && UnitNames.Split(name) is { Instance: "" } parts
            && linkName == $"{parts.Prefix}@{instance}.{parts.Suffix}";
    }
}
