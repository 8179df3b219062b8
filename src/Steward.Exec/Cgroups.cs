using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>The cgroup2 hierarchy this process can write to: its mount point (/sys/fs/cgroup in a container,
/// /sys/fs/cgroup/unified on a hybrid host) and this process's own cgroup in it ("0::/path" of
/// /proc/self/cgroup).</summary>
public sealed record Cgroup2Hierarchy(string MountPoint, string OwnPath)
{
    /// <summary>The directory of this process's own cgroup.</summary>
    public Cgroup Own => new(Join(MountPoint, OwnPath));

    /// <summary>Finds a writable cgroup2 hierarchy; null with the reason when there is none (then use process
    /// groups: <see cref="ProcessGroups"/>, with <see cref="Subreaper"/>).</summary>
    public static Cgroup2Hierarchy? Detect(out string? reason) => Detect("/proc/self/mountinfo", "/proc/self/cgroup", out reason);

    internal static Cgroup2Hierarchy? Detect(string mountInfoPath, string cgroupPath, out string? reason)
    {
        string? mount = null;
        try
        {
            foreach (string line in File.ReadLines(mountInfoPath))
            {
                // "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"
                int separator = line.IndexOf(" - ", StringComparison.Ordinal);
                if (separator < 0 || !line.AsSpan(separator + 3).StartsWith("cgroup2 ", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] fields = line[..separator].Split(' ');
                if (fields.Length >= 5)
                {
                    mount = UnescapeMountPath(fields[4]);
                    break;
                }
            }
        }
        catch (IOException e)
        {
            reason = $"cannot read {mountInfoPath}: {e.Message}";
            return null;
        }

        if (mount is null)
        {
            reason = "no cgroup2 file system is mounted";
            return null;
        }

        string? own = null;
        try
        {
            foreach (string line in File.ReadLines(cgroupPath))
            {
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    own = line[3..];
                    break;
                }
            }
        }
        catch (IOException e)
        {
            reason = $"cannot read {cgroupPath}: {e.Message}";
            return null;
        }

        if (own is null)
        {
            reason = $"{cgroupPath} names no cgroup2 group";
            return null;
        }

        var hierarchy = new Cgroup2Hierarchy(mount, own);
        if (!Directory.Exists(hierarchy.Own.Path))
        {
            reason = $"own cgroup {own} is not visible under {mount} (another cgroup namespace)";
            return null;
        }

        if (!IsWritable(hierarchy.Own.Path))
        {
            reason = $"cgroup {hierarchy.Own.Path} is not writable";
            return null;
        }

        reason = null;
        return hierarchy;
    }

    /// <summary>A manager's subtree under its own cgroup: "steward-" + a short hash of <paramref name="key"/>
    /// (e.g. the --root directory), so managers of different roots never share groups. Created if missing.</summary>
    public Cgroup CreateManagerSubtree(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var subtree = Own.Child("steward-" + Convert.ToHexStringLower(hash, 0, 6));
        subtree.Create();
        return subtree;
    }

    internal static string Join(string parent, string relative) =>
        relative.Trim('/').Length == 0 ? parent : parent.TrimEnd('/') + "/" + relative.Trim('/');

    private static unsafe bool IsWritable(string directory)
    {
        fixed (byte* path = Encoding.UTF8.GetBytes(directory + "/cgroup.procs\0"))
        {
            return Libc.access(path, 2 /* W_OK */) == 0;
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string UnescapeMountPath(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && IsOctal(text[i + 1]) && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
            {
                result.Append((char)(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                i += 3;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();

        static bool IsOctal(char c) => c is >= '0' and <= '7';
    }
}

/// <summary>One cgroup2 directory: create, join, list, watch for empty, kill, remove, read accounting.
/// Relative paths use systemd's shape ("system.slice/x.service").</summary>
public sealed class Cgroup
{
    public Cgroup(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path.TrimEnd('/');
    }

    /// <summary>The absolute cgroupfs directory (what <see cref="ExecRequest.CgroupPath"/> takes).</summary>
    public string Path { get; }

    public bool Exists => Directory.Exists(Path);

    /// <summary>A descendant by relative path ("system.slice/x.service").</summary>
    public Cgroup Child(string relative) => new(Cgroup2Hierarchy.Join(Path, relative));

    /// <summary>Creates the directory and its missing parents (no error if it exists).</summary>
    public void Create()
    {
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExecException($"Failed to create cgroup {Path}: {e.Message}", e);
        }
    }

    /// <summary>Moves a process into this group.</summary>
    public void Join(int pid) => Write("cgroup.procs", pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The pids directly in this group (cgroup.procs); empty if the group is gone.</summary>
    public IReadOnlyList<int> Pids()
    {
        var pids = new List<int>();
        foreach (string line in ReadLines("cgroup.procs"))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>The pids in this group and every descendant group, depth first (for the status CGroup tree).</summary>
    public IReadOnlyList<int> AllPids()
    {
        var pids = new List<int>(Pids());
        foreach (var child in Children())
        {
            pids.AddRange(child.AllPids());
        }

        return pids;
    }

    /// <summary>The child groups, by name order.</summary>
    public IReadOnlyList<Cgroup> Children()
    {
        try
        {
            return Directory.GetDirectories(Path).Order(StringComparer.Ordinal).Select(d => new Cgroup(d)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>"populated 1" in cgroup.events: some process lives in the group or below. False when gone.</summary>
    public bool IsPopulated()
    {
        foreach (string line in ReadLines("cgroup.events"))
        {
            if (line.StartsWith("populated ", StringComparison.Ordinal))
            {
                return line.EndsWith('1');
            }
        }

        return false;
    }

    /// <summary>Sends <paramref name="signal"/> to every process in the group and below. SIGKILL uses cgroup.kill
    /// when the kernel has it (5.14+); otherwise the pids are signalled until a pass finds no new one (processes
    /// forking meanwhile are caught by the next pass). Returns the number of processes signalled.</summary>
    public int Kill(int signal)
    {
        if (signal == Signals.SIGKILL && File.Exists(System.IO.Path.Combine(Path, "cgroup.kill")))
        {
            int count = AllPids().Count;
            Write("cgroup.kill", "1");
            return count;
        }

        var signalled = new HashSet<int>();
        while (true)
        {
            bool any = false;
            foreach (int pid in AllPids())
            {
                if (signalled.Add(pid))
                {
                    ProcessSignals.Send(pid, signal);
                    any = true;
                }
            }

            if (!any)
            {
                return signalled.Count;
            }
        }
    }

    /// <summary>Removes the group and its descendant groups (deepest first). False if some group still holds
    /// processes (EBUSY) or cannot be removed.</summary>
    public bool Remove()
    {
        if (!Exists)
        {
            return true;
        }

        bool removed = true;
        foreach (var child in Children())
        {
            removed &= child.Remove();
        }

        try
        {
            Directory.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return removed;
    }

    /// <summary>memory.current in bytes, when the memory controller is enabled here.</summary>
    public ulong? MemoryCurrent => ReadNumber("memory.current");

    /// <summary>pids.current, when the pids controller is enabled here.</summary>
    public ulong? PidsCurrent => ReadNumber("pids.current");

    /// <summary>usage_usec of cpu.stat (present on every cgroup2 group since 5.x).</summary>
    public ulong? CpuUsageMicroseconds
    {
        get
        {
            foreach (string line in ReadLines("cpu.stat"))
            {
                if (line.StartsWith("usage_usec ", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                {
                    return value;
                }
            }

            return null;
        }
    }

    public override string ToString() => Path;

    private ulong? ReadNumber(string file)
    {
        foreach (string line in ReadLines(file))
        {
            return ulong.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
        }

        return null;
    }

    private IEnumerable<string> ReadLines(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(System.IO.Path.Combine(Path, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return lines;
    }

    private void Write(string file, string text)
    {
        try
        {
            File.WriteAllText(System.IO.Path.Combine(Path, file), text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExecException($"Failed to write {file} of cgroup {Path}: {e.Message}", e);
        }
    }
}
