using Steward.Units.Names;

namespace Steward.Units.Loading;

/// <summary>
/// Resolves unit names to files as the manager does: the first directory of the load path holding the
/// name wins; a symlink to /dev/null masks; a symlink into another load-path directory is an alias and
/// the search goes on under the target's name; a symlink elsewhere links a file from outside the load
/// path; an instance without a file of its own uses its template's.
/// </summary>
public sealed class UnitLocator
{
    private const int MaxAliasHops = 32;

    public UnitLocator(UnitFileSystem fileSystem) => FileSystem = fileSystem;

    public UnitFileSystem FileSystem { get; }

    public UnitSearchPaths Paths => FileSystem.Paths;

    /// <summary>The first entry for <paramref name="name"/> in the load path, with its directory.</summary>
    public (string Path, SearchDirectory Directory)? FindEntry(string name)
    {
        foreach (SearchDirectory directory in Paths.Directories)
        {
            string path = directory.Path + "/" + name;
            if (FileSystem.KindOf(path) != EntryKind.Missing)
            {
                return (path, directory);
            }
        }

        return null;
    }

    public LocatedUnit Locate(string name)
    {
        var aliases = new List<string>();
        string current = name;
        (string Path, SearchDirectory Directory)? first = null;
        for (int hop = 0; hop < MaxAliasHops; hop++)
        {
            (string Path, SearchDirectory Directory)? entry = FindEntry(current);
            if (entry is null && TemplateOf(current) is { } template)
            {
                entry = FindEntry(template);
            }

            if (entry is null && first is { } link)
            {
                return new LocatedUnit(name, LocateError.Dangling, link.Path, link.Directory, Aliases: aliases, FinalName: current);
            }

            if (entry is null)
            {
                return new LocatedUnit(name, LocateError.NotFound, Aliases: aliases);
            }

            first ??= entry;
            (string entryPath, SearchDirectory entryDirectory) = entry.Value;
            (string target, EntryKind kind, bool loop, string? aliasName) = Follow(entryPath);
            if (loop)
            {
                return new LocatedUnit(name, LocateError.Loop, entryPath, entryDirectory, Aliases: aliases);
            }

            if (target == "/dev/null")
            {
                return new LocatedUnit(name, LocateError.None, entryPath, entryDirectory, null, Masked: true, aliases, current);
            }

            if (aliasName is not null)
            {
                if (aliasName == current || aliases.Contains(aliasName) || aliasName == name)
                {
                    return new LocatedUnit(name, LocateError.Loop, entryPath, entryDirectory, Aliases: aliases);
                }

                if (!IsValidAlias(current, aliasName))
                {
                    return new LocatedUnit(name, LocateError.BadAlias, entryPath, entryDirectory, Aliases: aliases);
                }

                aliases.Add(current);
                current = InstanceAware(current, aliasName);
                continue;
            }

            if (kind == EntryKind.Missing && first is { } start && FileSystem.KindOf(start.Path) == EntryKind.Symlink)
            {
                return new LocatedUnit(name, LocateError.Dangling, start.Path, start.Directory, Aliases: aliases, FinalName: Path.GetFileName(target));
            }

            if (kind != EntryKind.File)
            {
                return new LocatedUnit(name, kind == EntryKind.Missing ? LocateError.NotFound : LocateError.NotAFile, entryPath, entryDirectory, Aliases: aliases);
            }

            return new LocatedUnit(name, LocateError.None, entryPath, entryDirectory, target, false, aliases, current);
        }

        return new LocatedUnit(name, LocateError.Loop, Aliases: aliases);
    }

    /// <summary>Follows symlinks from a load-path entry until a file, /dev/null, or a symlink whose target
    /// lies directly in a load-path directory (an alias: its name is returned).</summary>
    private (string Target, EntryKind Kind, bool Loop, string? AliasName) Follow(string entryPath)
    {
        string current = entryPath;
        for (int hop = 0; hop < 40; hop++)
        {
            EntryKind kind = FileSystem.KindOf(current);
            if (kind != EntryKind.Symlink)
            {
                return (current, kind, false, null);
            }

            string? next = FileSystem.ReadLinkAbsolute(current);
            if (next is null)
            {
                return (current, EntryKind.Missing, false, null);
            }

            if (next == "/dev/null")
            {
                return (next, EntryKind.Other, false, null);
            }

            if (Paths.DirectoryOf(next) is not null)
            {
                return (next, EntryKind.Symlink, false, Path.GetFileName(next));
            }

            current = next;
        }

        return (current, EntryKind.Symlink, true, null);
    }

    /// <summary>An alias keeps the type, and a template may only alias a template (man systemd.unit).</summary>
    private static bool IsValidAlias(string name, string target)
    {
        var a = UnitNames.Split(name);
        var b = UnitNames.Split(target);
        if (a is null || b is null)
        {
            return false;
        }

        return a.Value.Suffix == b.Value.Suffix && (a.Value.Instance is null) == (b.Value.Instance is null);
    }

    /// <summary>foo@x.service aliased by foo@.service → bar@.service continues as bar@x.service.</summary>
    private static string InstanceAware(string name, string target)
    {
        var a = UnitNames.Split(name);
        var b = UnitNames.Split(target);
        if (a is { Instance: { Length: > 0 } instance } && b is { Instance: "" })
        {
            return $"{b.Value.Prefix}@{instance}.{b.Value.Suffix}";
        }

        return target;
    }

    public static string? TemplateOf(string name) =>
        UnitNames.Split(name) is { Instance: { Length: > 0 } } parts ? $"{parts.Prefix}@.{parts.Suffix}" : null;
}
