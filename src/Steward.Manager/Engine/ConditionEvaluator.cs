using System.Runtime.InteropServices;
using Steward.Manager.Definitions;
using Steward.Manager.Units;
using Steward.Units.Names;

namespace Steward.Manager.Engine;

/// <summary>
/// The <c>Condition…=</c>/<c>Assert…=</c> checks of man systemd.unit that make sense outside a full boot.
/// Paths are the host's: services run on the host file system, so their conditions look there too.
/// </summary>
public sealed partial class ConditionEvaluator
{
    private readonly Func<IReadOnlyList<string>> _environment;

    public ConditionEvaluator(Func<IReadOnlyList<string>> managerEnvironment) => _environment = managerEnvironment;

    public bool Test(UnitCondition condition, Unit unit)
    {
        string kind = condition.Name.StartsWith("Condition", StringComparison.Ordinal) ? condition.Name["Condition".Length..] : condition.Name["Assert".Length..];
        bool result;
        try
        {
            result = Evaluate(kind, condition.Value, unit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            result = false;
        }

        return result != condition.Negated;
    }

    private bool Evaluate(string kind, string value, Unit unit) => kind switch
    {
        "PathExists" => Path.Exists(value) || IsSymlink(value),
        "PathExistsGlob" => GlobExists(value),
        "PathIsDirectory" => Directory.Exists(value),
        "PathIsSymbolicLink" => IsSymlink(value),
        "PathIsMountPoint" => IsMountPoint(value),
        "PathIsReadWrite" => IsReadWrite(value),
        "PathIsEncrypted" => false,
        "DirectoryNotEmpty" => Directory.Exists(value) && Directory.EnumerateFileSystemEntries(value).Any(),
        "FileNotEmpty" => File.Exists(value) && new FileInfo(value).Length > 0,
        "FileIsExecutable" => !OperatingSystem.IsWindows() && File.Exists(value) && (File.GetUnixFileMode(value) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0,
        "Environment" => TestEnvironment(value),
        "Host" => TestHost(value),
        "KernelCommandLine" => TestKernelCommandLine(value),
        "Virtualization" => TestVirtualization(value),
        "Architecture" => TestArchitecture(value),
        "User" => TestUser(value),
        "Group" => TestGroup(value),
        "FirstBoot" => ValueIs(value, false),
        "NeedsUpdate" => false,
        "ACPower" => true,
        "Security" => false,
        "Capability" => true,
        "ControlGroupController" => File.Exists("/sys/fs/cgroup/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split(' ', '\n').Contains(value),
        "KernelVersion" => TestKernelVersion(value),
        "CPUs" => TestNumber(value, Environment.ProcessorCount),
        "Memory" => true,
        "OSRelease" => TestOsRelease(value),
        "Credential" => false,
        "CPUFeature" => true,
        "Firmware" => false,
        "CPUPressure" or "MemoryPressure" or "IOPressure" => true,
        _ => true,
    };

    private static bool ValueIs(string value, bool actual) =>
        Loading.ValueReaders.Boolean(value) is { } expected ? expected == actual : false;

    private static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool GlobExists(string pattern)
    {
        string directory = Path.GetDirectoryName(pattern) ?? "/";
        if (!Directory.Exists(directory))
        {
            return false;
        }

        string name = Path.GetFileName(pattern);
        return Directory.EnumerateFileSystemEntries(directory).Any(e => Glob.Matches(name, Path.GetFileName(e)));
    }

    private static bool IsMountPoint(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        if (full.Length == 0)
        {
            full = "/";
        }

        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 4 && UnescapeMountPath(fields[4]) == full)
            {
                return true;
            }
        }

        return false;
    }

    private static string UnescapeMountPath(string text) =>
        text.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    private static bool IsReadWrite(string path)
    {
        if (!Path.Exists(path))
        {
            return false;
        }

        return access(path, 2) == 0;
    }

    private bool TestEnvironment(string value)
    {
        bool hasValue = value.Contains('=', StringComparison.Ordinal);
        foreach (string entry in _environment())
        {
            if (hasValue ? entry == value : entry.StartsWith(value + "=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TestHost(string value)
    {
        string hostname = Environment.MachineName;
        if (string.Equals(hostname, value, StringComparison.OrdinalIgnoreCase) || Glob.Matches(value, hostname))
        {
            return true;
        }

        string machineId = File.Exists("/etc/machine-id") ? File.ReadAllText("/etc/machine-id").Trim() : "";
        return machineId.Length > 0 && string.Equals(machineId, value.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    private static bool TestKernelCommandLine(string value)
    {
        string cmdline = File.Exists("/proc/cmdline") ? File.ReadAllText("/proc/cmdline") : "";
        foreach (string word in cmdline.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (value.Contains('=', StringComparison.Ordinal) ? word == value : word == value || word.StartsWith(value + "=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TestVirtualization(string value)
    {
        bool container = File.Exists("/run/.containerenv") || File.Exists("/.dockerenv") || Environment.GetEnvironmentVariable("container") is not null;
        string vendor = File.Exists("/sys/class/dmi/id/sys_vendor") ? File.ReadAllText("/sys/class/dmi/id/sys_vendor").Trim() : "";
        bool vm = vendor is "QEMU" or "KVM" or "Xen" or "innotek GmbH" or "VMware, Inc." or "Microsoft Corporation" or "Amazon EC2"
            || File.Exists("/proc/xen") || IsHypervisorFlagSet();
        if (Loading.ValueReaders.Boolean(value) is { } wanted)
        {
            return wanted == (vm || container);
        }

        return value switch
        {
            "vm" => vm,
            "container" => container,
            "private-users" => false,
            _ => false,
        };
    }

    private static bool IsHypervisorFlagSet()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(" hypervisor", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool TestArchitecture(string value)
    {
        string native = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86-64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.RiscV64 => "riscv64",
            _ => "unknown",
        };
        return value == "native" || value == native;
    }

    private static bool TestUser(string value)
    {
        uint uid = getuid();
        if (value == "@system")
        {
            return uid < 1000;
        }

        return uint.TryParse(value, out uint wanted) ? wanted == uid : value == Environment.UserName;
    }

    private static bool TestGroup(string value)
    {
        uint gid = getgid();
        return uint.TryParse(value, out uint wanted) ? wanted == gid : false;
    }

    private static bool TestKernelVersion(string value)
    {
        string release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        foreach (string op in new[] { ">=", "<=", "!=", "=", ">", "<" })
        {
            if (value.StartsWith(op, StringComparison.Ordinal))
            {
                int c = CompareVersions(release, value[op.Length..].Trim());
                return op switch
                {
                    ">=" => c >= 0,
                    "<=" => c <= 0,
                    "!=" => c != 0,
                    "=" => c == 0,
                    ">" => c > 0,
                    _ => c < 0,
                };
            }
        }

        return Glob.Matches(value, release);
    }

    private static bool TestNumber(string value, int actual)
    {
        foreach (string op in new[] { ">=", "<=", "!=", "=", ">", "<" })
        {
            if (value.StartsWith(op, StringComparison.Ordinal) && int.TryParse(value[op.Length..].Trim(), out int n))
            {
                return op switch
                {
                    ">=" => actual >= n,
                    "<=" => actual <= n,
                    "!=" => actual != n,
                    "=" => actual == n,
                    ">" => actual > n,
                    _ => actual < n,
                };
            }
        }

        return int.TryParse(value, out int exact) && exact == actual;
    }

    private static bool TestOsRelease(string value)
    {
        string path = File.Exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release";
        if (!File.Exists(path))
        {
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[line[..eq]] = line[(eq + 1)..].Trim('"', '\'');
            }
        }

        foreach (string op in new[] { "!=", "=" })
        {
            int at = value.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                string actual = fields.GetValueOrDefault(value[..at], "");
                bool equal = Glob.Matches(value[(at + op.Length)..], actual);
                return op == "=" ? equal : !equal;
            }
        }

        return false;
    }

    private static int CompareVersions(string a, string b)
    {
        string[] x = a.Split('.', '-', '+');
        string[] y = b.Split('.', '-', '+');
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            string p = i < x.Length ? x[i] : "";
            string q = i < y.Length ? y[i] : "";
            int c = int.TryParse(p, out int pn) && int.TryParse(q, out int qn) ? pn.CompareTo(qn) : string.CompareOrdinal(p, q);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int access(string path, int mode);

    [LibraryImport("libc")]
    private static partial uint getuid();

    [LibraryImport("libc")]
    private static partial uint getgid();
}
