using Steward.Units.Loading;

namespace Steward.Install.Tests;

/// <summary>A temporary directory used as the root of a unit-file tree, removed afterwards.</summary>
public sealed class TempRoot : IDisposable
{
    public const string Service = "[Service]\nExecStart=/bin/true\n";

    public TempRoot() => Path = Directory.CreateTempSubdirectory("steward-install-tests-").FullName;

    public string Path { get; }

    public InstallTree Tree(UnitScope scope = UnitScope.System) => new(UnitSearchPaths.For(scope, Path));

    public string Write(string relative, string content)
    {
        string full = Full(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Link(string relative, string target)
    {
        string full = Full(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    public string Full(string relative) => System.IO.Path.Join(Path, relative);

    public string? LinkTarget(string relative) => new FileInfo(Full(relative)).LinkTarget;

    public bool Exists(string relative) => System.IO.Path.Exists(Full(relative)) || LinkTarget(relative) is not null;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
