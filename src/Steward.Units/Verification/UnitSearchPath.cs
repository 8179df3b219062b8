namespace Steward.Units.Verification;

/// <summary>The system unit directories verify resolves names in, under an optional root.</summary>
public static class UnitSearchPath
{
    private static readonly string[] Directories =
        ["/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    public static IEnumerable<string> Under(string? root) =>
        Directories.Select(d => string.IsNullOrEmpty(root) ? d : System.IO.Path.Join(root, d));

    public static string? Find(string name, string? root) =>
        Under(root).Select(d => System.IO.Path.Join(d, name)).FirstOrDefault(File.Exists);
}
