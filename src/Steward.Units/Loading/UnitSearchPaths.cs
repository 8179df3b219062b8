namespace Steward.Units.Loading;

/// <summary>
/// The unit load path of one manager scope, as <c>man systemd.unit</c> lists it, with every directory
/// relative to an optional root directory. Paths are kept as the manager sees them (absolute, without
/// the root); <see cref="Physical"/> maps one onto the file system.
/// </summary>
public sealed class UnitSearchPaths
{
    private UnitSearchPaths(string root, UnitScope scope, IReadOnlyList<SearchDirectory> directories)
    {
        Root = root;
        Scope = scope;
        Directories = directories;
    }

    /// <summary>The root directory without a trailing slash; empty for the real root.</summary>
    public string Root { get; }

    public UnitScope Scope { get; }

    /// <summary>The directories in precedence order: earlier ones override later ones.</summary>
    public IReadOnlyList<SearchDirectory> Directories { get; }

    public string PersistentConfig => Of(SearchDirectoryKind.PersistentConfig);

    public string RuntimeConfig => Of(SearchDirectoryKind.RuntimeConfig);

    /// <summary>The control layer above the persistent configuration; null where the scope has none.</summary>
    public string? PersistentControl => Directories.FirstOrDefault(d => d.Kind == SearchDirectoryKind.PersistentControl)?.Path;

    public string? RuntimeControl => Directories.FirstOrDefault(d => d.Kind == SearchDirectoryKind.RuntimeControl)?.Path;

    /// <summary>The load path for <paramref name="scope"/> under <paramref name="root"/> (null or "/" for
    /// none). <paramref name="environment"/> supplies HOME, XDG_CONFIG_HOME, XDG_RUNTIME_DIR and
    /// XDG_DATA_HOME for the user scope.</summary>
    public static UnitSearchPaths For(UnitScope scope, string? root, Func<string, string?>? environment = null)
    {
        string normalizedRoot = NormalizeRoot(root);
        Func<string, string?> env = environment ?? (_ => null);
        return new UnitSearchPaths(normalizedRoot, scope, scope switch
        {
            UnitScope.System => SystemDirectories(),
            UnitScope.Global => GlobalDirectories(),
            _ => UserDirectories(env),
        });
    }

    /// <summary>The file-system path of a manager path under the root.</summary>
    public string Physical(string path) => Root.Length == 0 ? path : Root + path;

    /// <summary>The manager path of a file-system path, or null when it lies outside the root.</summary>
    public string? Logical(string physical)
    {
        if (Root.Length == 0)
        {
            return physical;
        }

        if (physical == Root)
        {
            return "/";
        }

        return physical.StartsWith(Root + "/", StringComparison.Ordinal) ? physical[Root.Length..] : null;
    }

    /// <summary>The search directory a manager path lies directly in, if any.</summary>
    public SearchDirectory? DirectoryOf(string path)
    {
        string parent = ParentOf(path);
        return Directories.FirstOrDefault(d => d.Path == parent);
    }

    /// <summary>The search directory a manager path lies in or below, if any.</summary>
    public SearchDirectory? DirectoryContaining(string path) =>
        Directories.FirstOrDefault(d => path.StartsWith(d.Path + "/", StringComparison.Ordinal));

    public static string ParentOf(string path)
    {
        int slash = path.TrimEnd('/').LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private string Of(SearchDirectoryKind kind) => Directories.First(d => d.Kind == kind).Path;

    private static string NormalizeRoot(string? root)
    {
        if (string.IsNullOrEmpty(root))
        {
            return "";
        }

        string full = System.IO.Path.GetFullPath(root).TrimEnd('/');
        return full;
    }

    private static List<SearchDirectory> SystemDirectories() =>
    [
        new("/etc/systemd/system.control", SearchDirectoryKind.PersistentControl),
        new("/run/systemd/system.control", SearchDirectoryKind.RuntimeControl),
        new("/run/systemd/transient", SearchDirectoryKind.Transient),
        new("/run/systemd/generator.early", SearchDirectoryKind.GeneratorEarly),
        new("/etc/systemd/system", SearchDirectoryKind.PersistentConfig),
        new("/etc/systemd/system.attached", SearchDirectoryKind.PersistentAttached),
        new("/run/systemd/system", SearchDirectoryKind.RuntimeConfig),
        new("/run/systemd/system.attached", SearchDirectoryKind.RuntimeAttached),
        new("/run/systemd/generator", SearchDirectoryKind.Generator),
        new("/usr/local/lib/systemd/system", SearchDirectoryKind.Vendor),
        new("/lib/systemd/system", SearchDirectoryKind.Vendor),
        new("/usr/lib/systemd/system", SearchDirectoryKind.Vendor),
        new("/run/systemd/generator.late", SearchDirectoryKind.GeneratorLate),
    ];

    // --global works on the configuration every user manager shares: user managers read these
    // directories, but no control, transient or generator directories of the global scope.
    private static List<SearchDirectory> GlobalDirectories() =>
    [
        new("/etc/systemd/user", SearchDirectoryKind.PersistentConfig),
        new("/run/systemd/user", SearchDirectoryKind.RuntimeConfig),
        new("/usr/local/lib/systemd/user", SearchDirectoryKind.Vendor),
        new("/usr/lib/systemd/user", SearchDirectoryKind.Vendor),
    ];

    private static List<SearchDirectory> UserDirectories(Func<string, string?> env)
    {
        string home = env("HOME") ?? "/root";
        string config = env("XDG_CONFIG_HOME") is { Length: > 0 } c ? c : home + "/.config";
        string data = env("XDG_DATA_HOME") is { Length: > 0 } d ? d : home + "/.local/share";
        string runtime = env("XDG_RUNTIME_DIR") is { Length: > 0 } r ? r : "/run/user/0";
        return
        [
            new(config + "/systemd/user.control", SearchDirectoryKind.PersistentControl),
            new(runtime + "/systemd/user.control", SearchDirectoryKind.RuntimeControl),
            new(runtime + "/systemd/transient", SearchDirectoryKind.Transient),
            new(runtime + "/systemd/generator.early", SearchDirectoryKind.GeneratorEarly),
            new(config + "/systemd/user", SearchDirectoryKind.PersistentConfig),
            new("/etc/xdg/systemd/user", SearchDirectoryKind.Vendor),
            new("/etc/systemd/user", SearchDirectoryKind.Vendor),
            new(runtime + "/systemd/user", SearchDirectoryKind.RuntimeConfig),
            new("/run/systemd/user", SearchDirectoryKind.Vendor),
            new(runtime + "/systemd/generator", SearchDirectoryKind.Generator),
            new(data + "/systemd/user", SearchDirectoryKind.Vendor),
            new("/usr/local/share/systemd/user", SearchDirectoryKind.Vendor),
            new("/usr/share/systemd/user", SearchDirectoryKind.Vendor),
            new("/usr/local/lib/systemd/user", SearchDirectoryKind.Vendor),
            new("/usr/lib/systemd/user", SearchDirectoryKind.Vendor),
            new(runtime + "/systemd/generator.late", SearchDirectoryKind.GeneratorLate),
        ];
    }
}
