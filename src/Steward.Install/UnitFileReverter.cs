using Steward.Units.Loading;

namespace Steward.Install;

/// <summary>
/// revert: a unit back to what its vendor shipped. Its drop-in directories in the configuration and
/// control layers go, and so do its files in the persistent and runtime configuration directories
/// (overrides and masks alike) — but only when a vendor file exists to fall back to, so a unit the
/// admin wrote is never deleted.
/// </summary>
public sealed class UnitFileReverter
{
    private static readonly SearchDirectoryKind[] DropInLayers =
        [SearchDirectoryKind.PersistentControl, SearchDirectoryKind.RuntimeControl, SearchDirectoryKind.PersistentConfig, SearchDirectoryKind.RuntimeConfig];

    private static readonly SearchDirectoryKind[] OverrideLayers = [SearchDirectoryKind.PersistentConfig, SearchDirectoryKind.RuntimeConfig];

    private readonly InstallTree _tree;
    private readonly SymlinkWriter _writer;

    public UnitFileReverter(InstallTree tree)
    {
        _tree = tree;
        _writer = new SymlinkWriter(tree.FileSystem);
    }

    public InstallResult Revert(IEnumerable<string> names)
    {
        var result = new InstallResult();
        foreach (string name in names)
        {
            if (Units.Names.UnitNames.Split(name) is null)
            {
                result.Fail(InstallError.InvalidName, name);
                return result;
            }

            foreach (SearchDirectory directory in _tree.Paths.Directories.Where(d => DropInLayers.Contains(d.Kind)))
            {
                RemoveDropInDirectory(directory.Path + "/" + name + ".d", result);
            }

            if (!HasVendorFile(name))
            {
                continue;
            }

            foreach (SearchDirectory directory in _tree.Paths.Directories.Where(d => OverrideLayers.Contains(d.Kind)))
            {
                string path = directory.Path + "/" + name;
                if (_tree.FileSystem.KindOf(path) is EntryKind.File or EntryKind.Symlink)
                {
                    _writer.Remove(path, result);
                }
            }
        }

        if (result.Changes.Count > 0)
        {
            var installer = new UnitFileInstaller(_tree);
            installer.ReportLoops(_tree.Paths.PersistentConfig, result);
            installer.ReportLoops(_tree.Paths.RuntimeConfig, result);
        }

        return result;
    }

    /// <summary>Whether a directory shipped with the operating system (under /usr or /lib) has the unit.</summary>
    private bool HasVendorFile(string name) =>
        _tree.Paths.Directories.Any(d => d.Kind == SearchDirectoryKind.Vendor
            && (d.Path.StartsWith("/usr/", StringComparison.Ordinal) || d.Path.StartsWith("/lib/", StringComparison.Ordinal))
            && _tree.FileSystem.KindOf(d.Path + "/" + name) is not (EntryKind.Missing or EntryKind.Directory));

    /// <summary>Removes a drop-in directory: each file in it is reported, subdirectories go silently
    /// with their contents, then the directory itself is reported.</summary>
    private void RemoveDropInDirectory(string directory, InstallResult result)
    {
        if (_tree.FileSystem.KindOf(directory) != EntryKind.Directory)
        {
            return;
        }

        string physical = _tree.Paths.Physical(directory);
        try
        {
            // Directory order, not sorted: systemctl reports them in the order readdir gives.
            foreach (string entry in Directory.EnumerateFileSystemEntries(physical))
            {
                string logical = directory + "/" + Path.GetFileName(entry);
                if (_tree.FileSystem.KindOf(logical) == EntryKind.Directory)
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    _writer.Remove(logical, result);
                }
            }

            Directory.Delete(physical);
            result.Add(new InstallChange(InstallChangeKind.Unlink, directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Fail(InstallError.Io, directory, e.Message);
        }
    }
}
