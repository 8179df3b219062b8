using System.Globalization;

namespace Steward.Exec;

/// <summary>Which families of names a rendering uses. systemctl status prints libc and systemd names
/// ("1/FAILURE", "203/EXEC") but a bare "2"; the journal's "Main process exited" line uses every family.</summary>
[Flags]
public enum ExitStatusClasses
{
    None = 0,
    Libc = 1,
    Lsb = 2,
    Systemd = 4,
    Bsd = 8,

    /// <summary>What <c>systemctl status</c> prints (Process:/Main PID: lines).</summary>
    Status = Libc | Systemd,

    /// <summary>What the manager logs ("status=2/INVALIDARGUMENT").</summary>
    Full = Libc | Lsb | Systemd | Bsd,
}

/// <summary>systemd's names for exit statuses (man systemd.exec, "Process exit codes").</summary>
public static class ExitStatusNames
{
    public const int Chdir = 200, Nice = 201, Fds = 202, Exec = 203, Memory = 204, Limits = 205, OomAdjust = 206,
        SignalMask = 207, Stdin = 208, Stdout = 209, Chroot = 210, Group = 216, User = 217, Cgroup = 219,
        Setsid = 220, Stderr = 222, NoNewPrivileges = 227, RuntimeDirectory = 233;

    private static readonly Dictionary<int, (string Name, ExitStatusClasses Class)> Names = new()
    {
        [0] = ("SUCCESS", ExitStatusClasses.Libc),
        [1] = ("FAILURE", ExitStatusClasses.Libc),
        [2] = ("INVALIDARGUMENT", ExitStatusClasses.Lsb),
        [3] = ("NOTIMPLEMENTED", ExitStatusClasses.Lsb),
        [4] = ("NOPERMISSION", ExitStatusClasses.Lsb),
        [5] = ("NOTINSTALLED", ExitStatusClasses.Lsb),
        [6] = ("NOTCONFIGURED", ExitStatusClasses.Lsb),
        [7] = ("NOTRUNNING", ExitStatusClasses.Lsb),
        [64] = ("USAGE", ExitStatusClasses.Bsd),
        [65] = ("DATAERR", ExitStatusClasses.Bsd),
        [66] = ("NOINPUT", ExitStatusClasses.Bsd),
        [67] = ("NOUSER", ExitStatusClasses.Bsd),
        [68] = ("NOHOST", ExitStatusClasses.Bsd),
        [69] = ("UNAVAILABLE", ExitStatusClasses.Bsd),
        [70] = ("SOFTWARE", ExitStatusClasses.Bsd),
        [71] = ("OSERR", ExitStatusClasses.Bsd),
        [72] = ("OSFILE", ExitStatusClasses.Bsd),
        [73] = ("CANTCREAT", ExitStatusClasses.Bsd),
        [74] = ("IOERR", ExitStatusClasses.Bsd),
        [75] = ("TEMPFAIL", ExitStatusClasses.Bsd),
        [76] = ("PROTOCOL", ExitStatusClasses.Bsd),
        [77] = ("NOPERM", ExitStatusClasses.Bsd),
        [78] = ("CONFIG", ExitStatusClasses.Bsd),
        [200] = ("CHDIR", ExitStatusClasses.Systemd),
        [201] = ("NICE", ExitStatusClasses.Systemd),
        [202] = ("FDS", ExitStatusClasses.Systemd),
        [203] = ("EXEC", ExitStatusClasses.Systemd),
        [204] = ("MEMORY", ExitStatusClasses.Systemd),
        [205] = ("LIMITS", ExitStatusClasses.Systemd),
        [206] = ("OOM_ADJUST", ExitStatusClasses.Systemd),
        [207] = ("SIGNAL_MASK", ExitStatusClasses.Systemd),
        [208] = ("STDIN", ExitStatusClasses.Systemd),
        [209] = ("STDOUT", ExitStatusClasses.Systemd),
        [210] = ("CHROOT", ExitStatusClasses.Systemd),
        [211] = ("IOPRIO", ExitStatusClasses.Systemd),
        [212] = ("TIMERSLACK", ExitStatusClasses.Systemd),
        [213] = ("SECUREBITS", ExitStatusClasses.Systemd),
        [214] = ("SETSCHEDULER", ExitStatusClasses.Systemd),
        [215] = ("CPUAFFINITY", ExitStatusClasses.Systemd),
        [216] = ("GROUP", ExitStatusClasses.Systemd),
        [217] = ("USER", ExitStatusClasses.Systemd),
        [218] = ("CAPABILITIES", ExitStatusClasses.Systemd),
        [219] = ("CGROUP", ExitStatusClasses.Systemd),
        [220] = ("SETSID", ExitStatusClasses.Systemd),
        [221] = ("CONFIRM", ExitStatusClasses.Systemd),
        [222] = ("STDERR", ExitStatusClasses.Systemd),
        [224] = ("PAM", ExitStatusClasses.Systemd),
        [225] = ("NETWORK", ExitStatusClasses.Systemd),
        [226] = ("NAMESPACE", ExitStatusClasses.Systemd),
        [227] = ("NO_NEW_PRIVILEGES", ExitStatusClasses.Systemd),
        [228] = ("SECCOMP", ExitStatusClasses.Systemd),
        [229] = ("SELINUX_CONTEXT", ExitStatusClasses.Systemd),
        [230] = ("PERSONALITY", ExitStatusClasses.Systemd),
        [231] = ("APPARMOR_PROFILE", ExitStatusClasses.Systemd),
        [232] = ("ADDRESS_FAMILIES", ExitStatusClasses.Systemd),
        [233] = ("RUNTIME_DIRECTORY", ExitStatusClasses.Systemd),
        [235] = ("CHOWN", ExitStatusClasses.Systemd),
        [236] = ("SMACK_PROCESS_LABEL", ExitStatusClasses.Systemd),
        [237] = ("KEYRING", ExitStatusClasses.Systemd),
        [238] = ("STATE_DIRECTORY", ExitStatusClasses.Systemd),
        [239] = ("CACHE_DIRECTORY", ExitStatusClasses.Systemd),
        [240] = ("LOGS_DIRECTORY", ExitStatusClasses.Systemd),
        [241] = ("CONFIGURATION_DIRECTORY", ExitStatusClasses.Systemd),
        [242] = ("NUMA_POLICY", ExitStatusClasses.Systemd),
        [243] = ("CREDENTIALS", ExitStatusClasses.Systemd),
        [245] = ("BPF", ExitStatusClasses.Systemd),
    };

    /// <summary>The symbolic name ("EXEC" for 203) in the given families, or null.</summary>
    public static string? Name(int status, ExitStatusClasses classes = ExitStatusClasses.Full) =>
        Names.TryGetValue(status, out var entry) && (entry.Class & classes) != 0 ? entry.Name : null;

    /// <summary>"203/EXEC", or "2" when the status has no name in <paramref name="classes"/>.</summary>
    public static string Format(int status, ExitStatusClasses classes = ExitStatusClasses.Full) =>
        Name(status, classes) is { } name
            ? string.Create(CultureInfo.InvariantCulture, $"{status}/{name}")
            : status.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses "203", "EXEC" or "203/EXEC" as SuccessExitStatus= and friends accept a number or a name.</summary>
    public static int? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string number = slash < 0 ? text : text[..slash];
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int status) && status <= 255)
        {
            return status;
        }

        foreach (var (code, entry) in Names)
        {
            if (entry.Name.Equals(text, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return null;
    }
}
