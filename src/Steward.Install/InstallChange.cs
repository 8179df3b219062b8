namespace Steward.Install;

public enum InstallChangeKind
{
    /// <summary>A symlink was created: <c>Created symlink PATH → SOURCE.</c></summary>
    Symlink,
    /// <summary>A file or symlink was removed: <c>Removed "PATH".</c></summary>
    Unlink,
    /// <summary>A unit was skipped because it is masked (a warning).</summary>
    IsMasked,
    /// <summary>A dependency was added to a unit that does not exist (a warning).</summary>
    DestinationNotPresent,
    /// <summary>A named unit does not exist, which disable reports without failing.</summary>
    UnitNotFound,
    /// <summary>The operation failed for this unit; <see cref="InstallChange.Failure"/> says why.</summary>
    Error,
}

/// <summary>
/// One thing an install operation did or refused, in the order it happened. Paths are manager paths
/// (without the root); front ends add the root when they print, as systemctl does.
/// </summary>
public sealed record InstallChange(InstallChangeKind Kind, string Path, string? Source = null, InstallFailure? Failure = null)
{
    public bool IsError => Kind == InstallChangeKind.Error;
}

/// <summary>What an install operation returns: its changes and warnings, and whether it failed.</summary>
public sealed class InstallResult
{
    private readonly List<InstallChange> _changes = [];

    public IReadOnlyList<InstallChange> Changes => _changes;

    public bool Failed => _changes.Exists(c => c.IsError);

    /// <summary>Whether any unit touched had installation config (systemctl warns when none had).</summary>
    public bool CarriesInstallInfo { get; set; }

    /// <summary>Drops the failures of one kind (preset passes over templates it cannot enable).</summary>
    public void Forgive(InstallError error) => _changes.RemoveAll(c => c.Failure?.Error == error);

    public void Add(InstallChange change) => _changes.Add(change);

    public void Fail(InstallError error, string subject, string? detail = null) =>
        _changes.Add(new InstallChange(InstallChangeKind.Error, subject, detail, new InstallFailure(error, subject, detail)));
}
