namespace Steward.Units.Loading;

/// <summary>Why a unit name could not be resolved to a file.</summary>
public enum LocateError
{
    None,
    NotFound,
    /// <summary>A chain of aliases or symlinks that comes back on itself (ELOOP).</summary>
    Loop,
    /// <summary>An alias symlink whose name does not fit its target (other type, template vs. plain).</summary>
    BadAlias,
    /// <summary>The name found is a directory or other non-file.</summary>
    NotAFile,
    /// <summary>The name is a symlink whose unit is nowhere (ENOLINK, "Link has been severed"):
    /// <see cref="LocatedUnit.EntryPath"/> is the link, <see cref="LocatedUnit.FinalName"/> the missing name.</summary>
    Dangling,
}

/// <summary>
/// Where a unit name leads in the load path. <see cref="EntryPath"/> is the first entry found for the
/// name (a file, an alias or link symlink, or a mask); <see cref="FinalName"/> the name that the search
/// ended on after aliases (instance kept); <see cref="FragmentPath"/> the file that finally
/// defines the unit; <see cref="Aliases"/> the names passed through on the way.
/// </summary>
public sealed record LocatedUnit(
    string Name,
    LocateError Error,
    string? EntryPath = null,
    SearchDirectory? EntryDirectory = null,
    string? FragmentPath = null,
    bool Masked = false,
    IReadOnlyList<string>? Aliases = null,
    string? FinalName = null)
{
    public bool Found => Error == LocateError.None;

    /// <summary>The name the unit file itself carries (the template's for an instance).</summary>
    public string? FragmentName => FragmentPath is null ? null : System.IO.Path.GetFileName(FragmentPath);
}
