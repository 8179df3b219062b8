namespace Steward.Units.Loading;

/// <summary>What an entry in a unit directory is, seen without following a symlink.</summary>
public enum EntryKind
{
    Missing,
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>
/// File-system questions asked through manager paths: every path is relative to the root of the
/// <see cref="UnitSearchPaths"/>, symlink targets are read as text and interpreted inside that root
/// (an absolute target "/usr/lib/x" means ROOT/usr/lib/x), so nothing outside the root is touched.
/// </summary>
public sealed class UnitFileSystem
{
    public UnitFileSystem(UnitSearchPaths paths) => Paths = paths;

    public UnitSearchPaths Paths { get; }

    public EntryKind KindOf(string path)
    {
        string physical = Paths.Physical(path);
        try
        {
            var info = new FileInfo(physical);
            if (info.LinkTarget is not null)
            {
                return EntryKind.Symlink;
            }

            if (info.Exists)
            {
                return EntryKind.File;
            }

            return Directory.Exists(physical) ? EntryKind.Directory : (Path.Exists(physical) ? EntryKind.Other : EntryKind.Missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return EntryKind.Missing;
        }
    }

    /// <summary>The text of a symlink, or null when the path is no symlink.</summary>
    public string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(Paths.Physical(path)).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A symlink's target as an absolute manager path (relative targets are taken from the
    /// link's directory), normalized.</summary>
    public string? ReadLinkAbsolute(string path) =>
        ReadLink(path) is { } target ? Normalize(target.StartsWith('/') ? target : UnitSearchPaths.ParentOf(path) + "/" + target) : null;

    /// <summary>Follows symlinks from <paramref name="path"/> to what finally lies there, inside the root.
    /// Returns the last path reached, and whether a loop (too many hops) stopped the walk.</summary>
    public (string Path, EntryKind Kind, bool Loop) Chase(string path)
    {
        string current = path;
        for (int hop = 0; hop < 40; hop++)
        {
            EntryKind kind = KindOf(current);
            if (kind != EntryKind.Symlink)
            {
                return (current, kind, false);
            }

            string? next = ReadLinkAbsolute(current);
            if (next is null)
            {
                return (current, EntryKind.Missing, false);
            }

            if (next == "/dev/null")
            {
                return (next, EntryKind.Other, false);
            }

            current = next;
        }

        return (current, EntryKind.Symlink, true);
    }

    /// <summary>The names in a directory (not following symlinks for what they are), sorted; empty when it
    /// cannot be read.</summary>
    public IReadOnlyList<string> List(string directory)
    {
        var names = ListUnsorted(directory).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The symlinks and subdirectories of a directory (a symlink is not followed), in the order the
    /// file system lists them (readdir's d_type, no stat). Regular files are passed over without an allocation, which
    /// matters in vendor directories of thousands of units.</summary>
    public IReadOnlyList<(string Name, EntryKind Kind)> ListLinksAndDirectories(string directory)
    {
        if (NativeDirectory.Read(Paths.Physical(directory), skipRegularFiles: true) is not { } entries)
        {
            return [];
        }

        var result = new List<(string Name, EntryKind Kind)>();
        foreach ((string name, EntryKind listed) in entries)
        {
            // A file system that does not fill in d_type gets an lstat for the entry.
            EntryKind kind = listed == EntryKind.Missing ? KindOf(directory + "/" + name) : listed;
            if (kind is EntryKind.Symlink or EntryKind.Directory)
            {
                result.Add((name, kind));
            }
        }

        return result;
    }

    /// <summary>The names in a directory in the order the file system gives them (readdir's), for
    /// callers that must meet entries in the order systemd does.</summary>
    public IReadOnlyList<string> ListUnsorted(string directory)
    {
        try
        {
            string physical = Paths.Physical(directory);
            if (!Directory.Exists(physical))
            {
                return [];
            }

            return [.. Directory.EnumerateFileSystemEntries(physical).Select(Path.GetFileName).OfType<string>()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public byte[]? ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(Paths.Physical(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Collapses "//", "." and ".." (never above "/") without touching the file system.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
