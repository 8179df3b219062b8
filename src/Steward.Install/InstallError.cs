namespace Steward.Install;

/// <summary>The reasons an install operation refuses a unit; front ends word them as systemctl does.</summary>
public enum InstallError
{
    /// <summary>A file is in the way (<see cref="InstallChange.Source"/> is its symlink target, if any).</summary>
    Exists,
    Masked,
    NotFound,
    TransientOrGenerated,
    /// <summary>link: the file already lies in the load path.</summary>
    InLoadPath,
    /// <summary>A template without an instance wanted by a non-template unit.</summary>
    TemplateForNonTemplate,
    InvalidName,
    Loop,
    /// <summary>A symlink on the way that leads round in a loop (systemctl: "refusing to operate on linked unit file").</summary>
    LinkedUnitFile,
    /// <summary>preset-all met a unit name that loops; reported like <see cref="LinkedUnitFile"/>, but passed over.</summary>
    LinkedUnitName,
    /// <summary>The name is a symlink to a unit that is nowhere (ENOLINK).</summary>
    LinkSevered,
    InvalidSpecifier,
    /// <summary>Anything else the file system refused, with its message.</summary>
    Io,
}

/// <summary>A refused unit, for the change list.</summary>
public sealed record InstallFailure(InstallError Error, string Subject, string? Detail = null);
