using System.Diagnostics;
using Steward.Units.Loading;

namespace Steward.Install;

/// <summary>A service that also has a SysV init script, and whether a native unit file exists for it.</summary>
public sealed record SysvService(string UnitName, string ScriptName, bool HasNativeUnit);

/// <summary>
/// The SysV compatibility of enable, disable and is-enabled (system scope only): a service with a
/// script in /etc/init.d has its script's state synchronized by <c>systemd-sysv-install</c>; a service
/// that has only the script is handled by it alone.
/// </summary>
public sealed class SysvInstallHook
{
    /// <summary>Where systemd (and so every client) expects the helper.</summary>
    public const string HelperPath = "/lib/systemd/systemd-sysv-install";

    private const string InitScriptDirectory = "/etc/init.d";

    private readonly InstallTree _tree;

    public SysvInstallHook(InstallTree tree) => _tree = tree;

    public static bool AppliesTo(string verb) => verb is "enable" or "disable" or "is-enabled";

    /// <summary>The SysV script behind a unit operand, or null when there is none to care about.</summary>
    public SysvService? Find(string name)
    {
        if (_tree.Paths.Scope != UnitScope.System || !name.EndsWith(".service", StringComparison.Ordinal) || name.Contains('/'))
        {
            return null;
        }

        string script = name[..^".service".Length];
        if (_tree.FileSystem.KindOf(InitScriptDirectory + "/" + script) == EntryKind.Missing)
        {
            return null;
        }

        bool native = _tree.Locator.Locate(name) is { Found: true } or { Masked: true };
        return new SysvService(name, script, native);
    }

    /// <summary>The helper's command line, as systemctl shows it.</summary>
    public IReadOnlyList<string> CommandLine(string verb, SysvService service)
    {
        var arguments = new List<string> { HelperPath };
        if (_tree.Paths.Root.Length > 0)
        {
            arguments.Add("--root=" + _tree.Paths.Root);
        }

        arguments.Add(verb);
        arguments.Add(service.ScriptName);
        return arguments;
    }

    /// <summary>Runs the helper with the caller's standard streams and returns its exit status. Under a
    /// root, the root's own helper is preferred, so a test tree can bring a fake one.</summary>
    public int Run(string verb, SysvService service)
    {
        IReadOnlyList<string> commandLine = CommandLine(verb, service);
        string inRoot = _tree.Paths.Physical(HelperPath);
        var start = new ProcessStartInfo(_tree.Paths.Root.Length > 0 && File.Exists(inRoot) ? inRoot : HelperPath) { UseShellExecute = false };
        foreach (string argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return 127;
        }
    }
}
