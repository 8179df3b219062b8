using Steward.Units.Syntax;

namespace Steward.Units.Verification;

/// <summary>systemd-analyze verify's check that each Exec*= command exists and is executable.</summary>
public static class CommandCheck
{
    private static readonly string[] DefaultPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The command word of an Exec*= value (prefixes such as <c>-</c>, <c>@</c>, <c>+</c> removed), or null.</summary>
    public static string? CommandOf(string value)
    {
        IReadOnlyList<string>? words = ValueWords.Split(value, out _);
        if (words is null || words.Count == 0)
        {
            return null;
        }

        string command = words[0].TrimStart('@', '-', ':', '+', '!', '|');
        return command.Length == 0 || command.Contains('%', StringComparison.Ordinal) ? null : command;
    }

    /// <summary>Null when runnable; otherwise the errno text systemd appends.</summary>
    public static string? Problem(string command)
    {
        if (!command.StartsWith('/'))
        {
            return Array.Exists(DefaultPath, d => IsExecutable(Path.Join(d, command))) ? null : "No such file or directory";
        }

        return !File.Exists(command) ? "No such file or directory" : IsExecutable(command) ? null : "Permission denied";
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
