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
    /// <summary>A symlink whose unit is nowhere was skipped (a warning).</summary>
    AliasToMissing,
    /// <summary>A unit named by Also= could not be enabled, which is passed over (a warning).</summary>
    AuxiliaryFailed,
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
    private readonly HashSet<int> _excused = [];

    public IReadOnlyList<InstallChange> Changes => _changes;

    public bool Failed => _changes.Where((c, i) => c.IsError && !_excused.Contains(i)).Any();

    /// <summary>The failures recorded from <paramref name="index"/> on are still reported but do not fail
    /// the operation (systemctl counts a unit as enabled when an earlier step of it succeeded).</summary>
    public void Excuse(int index)
    {
        for (int i = index; i < _changes.Count; i++)
        {
            _excused.Add(i);
        }
    }

    /// <summary>Appends another result's changes (and which of its failures are excused).</summary>
    public void Append(InstallResult other)
    {
        _excused.UnionWith(other._excused.Select(i => i + _changes.Count));
        _changes.AddRange(other._changes);
        CarriesInstallInfo |= other.CarriesInstallInfo;
    }

    /// <summary>Whether any unit touched had installation config (systemctl warns when none had).</summary>
    public bool CarriesInstallInfo { get; set; }

    /// <summary>Drops the failures of one kind altogether (preset passes over templates it has no
    /// instance for without a word).</summary>
    public void Forgive(InstallError error)
    {
        var kept = new List<InstallChange>();
        var excused = new HashSet<int>();
        for (int i = 0; i < _changes.Count; i++)
        {
            if (_changes[i].Failure?.Error == error)
            {
                continue;
            }

            if (_excused.Contains(i))
            {
                excused.Add(kept.Count);
            }

            kept.Add(_changes[i]);
        }

        _changes.Clear();
        _changes.AddRange(kept);
        _excused.Clear();
        _excused.UnionWith(excused);
    }

    public void Add(InstallChange change) => _changes.Add(change);

    public void Fail(InstallError error, string subject, string? detail = null) =>
        _changes.Add(new InstallChange(InstallChangeKind.Error, subject, detail, new InstallFailure(error, subject, detail)));
}
