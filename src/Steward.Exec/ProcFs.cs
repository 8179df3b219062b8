using System.Globalization;
using System.Text;

namespace Steward.Exec;

/// <summary>The fields of /proc/PID/stat the manager uses (GuessMainPID, the status CGroup tree).</summary>
/// <param name="StartTime">Clock ticks since boot (field 22), which with the pid names a process uniquely.</param>
public readonly record struct ProcStat(int Pid, string Comm, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime);

/// <summary>Reads /proc. Every reader returns null when the process is gone (or unreadable).</summary>
public static class ProcFs
{
    /// <summary>/proc/PID/comm without the newline.</summary>
    public static string? Comm(int pid) => Read(pid, "comm")?.TrimEnd('\n');

    /// <summary>/proc/PID/cmdline split at NULs (empty for kernel threads and zombies).</summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        string? text = Read(pid, "cmdline");
        if (text is null)
        {
            return null;
        }

        return text.Length == 0 ? [] : text.TrimEnd('\0').Split('\0');
    }

    /// <summary>/proc/PID/stat; the comm is taken between the first "(" and the last ")".</summary>
    public static ProcStat? Stat(int pid) => Read(pid, "stat") is { } text ? ParseStat(text) : null;

    /// <summary>The cgroup2 path of a process ("0::/system.slice/x.service" → "/system.slice/x.service").</summary>
    public static string? Cgroup(int pid)
    {
        string? text = Read(pid, "cgroup");
        if (text is null)
        {
            return null;
        }

        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return line[3..];
            }
        }

        return null;
    }

    /// <summary>The pids of the direct children of a process (its threads' /proc/PID/task/TID/children).</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                string text = File.ReadAllText(Path.Combine(task, "children"));
                foreach (string item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or children files are not compiled in: no children known.
        }

        return children;
    }

    internal static ProcStat? ParseStat(string text)
    {
        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 > text.Length)
        {
            return null;
        }

        string[] rest = text[(close + 2)..].Split(' ');
        if (rest.Length < 20
            || !int.TryParse(text.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !int.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parent)
            || !int.TryParse(rest[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int group)
            || !int.TryParse(rest[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int session)
            || !ulong.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
            || rest[0].Length != 1)
        {
            return null;
        }

        return new ProcStat(pid, text[(open + 1)..close], rest[0][0], parent, group, session, start);
    }

    private static string? Read(int pid, string file)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/{file}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
