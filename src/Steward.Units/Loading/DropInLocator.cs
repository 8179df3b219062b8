using Steward.Units.Names;

namespace Steward.Units.Loading;

/// <summary>
/// The drop-in files of a unit (man systemd.unit, "[Unit] Section"... "drop-in"): <c>NAME.d/*.conf</c>
/// for the unit and each alias, the template's <c>foo@.service.d/</c>, the prefix directories
/// <c>foo-.service.d/</c> of dash-separated names, and the type-level <c>service.d/</c>, in every
/// load-path directory. A file name in an earlier directory hides the same name in later ones (a
/// symlink to /dev/null hides it without replacing it); the result is ordered by file name.
/// </summary>
public sealed class DropInLocator
{
    private readonly UnitFileSystem _fileSystem;

    public DropInLocator(UnitFileSystem fileSystem) => _fileSystem = fileSystem;

    /// <summary>The drop-in directory names for a unit, most specific first.</summary>
    public static IReadOnlyList<string> DirectoryNames(IEnumerable<string> names)
    {
        var result = new List<string>();
        foreach (string name in names)
        {
            Add(result, name + ".d");
            if (UnitLocator.TemplateOf(name) is { } template)
            {
                Add(result, template + ".d");
            }

            if (UnitNames.Split(name) is { } parts)
            {
                string stem = parts.Prefix;
                for (int dash = stem.LastIndexOf('-'); dash > 0; dash = stem.LastIndexOf('-', dash - 1))
                {
                    Add(result, stem[..(dash + 1)] + "." + parts.Suffix + ".d");
                }

                Add(result, parts.Suffix + ".d");
            }
        }

        return result;
    }

    /// <summary>The <c>.conf</c> drop-ins that apply to a unit known by <paramref name="names"/>.</summary>
    public IReadOnlyList<string> Find(IEnumerable<string> names)
    {
        IReadOnlyList<string> directoryNames = DirectoryNames(names);
        var byFileName = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (SearchDirectory directory in _fileSystem.Paths.Directories)
        {
            foreach (string directoryName in directoryNames)
            {
                string dropInDirectory = directory.Path + "/" + directoryName;
                foreach (string file in _fileSystem.List(dropInDirectory))
                {
                    if (!file.EndsWith(".conf", StringComparison.Ordinal) || byFileName.ContainsKey(file))
                    {
                        continue;
                    }

                    string path = dropInDirectory + "/" + file;
                    (string target, EntryKind kind, bool loop) = _fileSystem.Chase(path);
                    byFileName[file] = target == "/dev/null" || loop || kind != EntryKind.File ? null : path;
                }
            }
        }

        return [.. byFileName.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value!)];
    }

    private static void Add(List<string> list, string item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }
}
