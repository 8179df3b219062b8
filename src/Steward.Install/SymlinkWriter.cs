using Steward.Units.Loading;

namespace Steward.Install;

/// <summary>Creates and removes the symlinks of install operations inside the root, recording each
/// change, and refusing to replace what is in the way unless forced (never a regular file).</summary>
public sealed class SymlinkWriter
{
    private readonly UnitFileSystem _fileSystem;

    public SymlinkWriter(UnitFileSystem fileSystem) => _fileSystem = fileSystem;

    /// <summary>Makes <paramref name="path"/> a symlink to <paramref name="target"/>. An identical link is
    /// left alone; another link is replaced only with <paramref name="force"/>.</summary>
    public bool Create(string path, string target, bool force, InstallResult result)
    {
        string physical = _fileSystem.Paths.Physical(path);
        try
        {
            switch (_fileSystem.KindOf(path))
            {
                case EntryKind.Missing:
                    Directory.CreateDirectory(Path.GetDirectoryName(physical)!);
                    File.CreateSymbolicLink(physical, target);
                    result.Add(new InstallChange(InstallChangeKind.Symlink, path, target));
                    return true;
                case EntryKind.Symlink:
                    string? existing = _fileSystem.ReadLink(path);
                    // A link to a file of the same name counts as done, as systemctl counts it.
                    if (existing == target || (existing is not null && target != "/dev/null" && existing != "/dev/null"
                        && Path.GetFileName(UnitFileSystem.Normalize(existing)) == Path.GetFileName(UnitFileSystem.Normalize(target))))
                    {
                        return true;
                    }

                    if (!force)
                    {
                        result.Fail(InstallError.Exists, path, existing);
                        return false;
                    }

                    File.Delete(physical);
                    result.Add(new InstallChange(InstallChangeKind.Unlink, path));
                    File.CreateSymbolicLink(physical, target);
                    result.Add(new InstallChange(InstallChangeKind.Symlink, path, target));
                    return true;
                default:
                    result.Fail(InstallError.Exists, path);
                    return false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Fail(InstallError.Io, path, e.Message);
            return false;
        }
    }

    public bool Remove(string path, InstallResult result)
    {
        try
        {
            File.Delete(_fileSystem.Paths.Physical(path));
            result.Add(new InstallChange(InstallChangeKind.Unlink, path));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Fail(InstallError.Io, path, e.Message);
            return false;
        }
    }
}
