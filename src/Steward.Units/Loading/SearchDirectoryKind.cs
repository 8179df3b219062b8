namespace Steward.Units.Loading;

/// <summary>The role of a unit directory in the load path (man systemd.unit, "Unit File Load Path").
/// The install operations care which directory is the persistent or runtime configuration, which is
/// the control layer, and which are generated or transient.</summary>
public enum SearchDirectoryKind
{
    PersistentControl,
    RuntimeControl,
    Transient,
    GeneratorEarly,
    PersistentConfig,
    PersistentAttached,
    RuntimeConfig,
    RuntimeAttached,
    Generator,
    Vendor,
    GeneratorLate,
}

/// <summary>One directory of the load path: its path as the manager sees it (without the root) and
/// its role.</summary>
public sealed record SearchDirectory(string Path, SearchDirectoryKind Kind)
{
    public bool IsGenerated => Kind is SearchDirectoryKind.GeneratorEarly or SearchDirectoryKind.Generator or SearchDirectoryKind.GeneratorLate;

    /// <summary>Whether the directory lives under /run and so vanishes at reboot.</summary>
    public bool IsRuntime => Path.StartsWith("/run/", StringComparison.Ordinal) || Path.Contains("/run/user/", StringComparison.Ordinal)
        || Kind is SearchDirectoryKind.RuntimeControl or SearchDirectoryKind.Transient or SearchDirectoryKind.RuntimeConfig
            or SearchDirectoryKind.RuntimeAttached || IsGenerated;
}
