using System.Globalization;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>
/// The words systemctl uses for how a process ended: <c>code=exited, status=1/FAILURE</c>,
/// <c>code=killed, signal=KILL</c>. Codes are the <c>si_code</c> values the manager reports
/// (ExecMainCode=, the exec status structs): 1 exited, 2 killed, 3 dumped.
/// </summary>
internal static class ExitStatusText
{
    public const int Exited = 1;
    public const int Killed = 2;
    public const int Dumped = 3;

    public static string? CodeName(int code) => code switch
    {
        Exited => "exited",
        Killed => "killed",
        Dumped => "dumped",
        4 => "trapped",
        5 => "stopped",
        6 => "continued",
        _ => null,
    };

    /// <summary><c>code=exited, status=1/FAILURE</c> or <c>code=killed, signal=KILL</c>.</summary>
    public static string Describe(int code, int status)
    {
        string name = CodeName(code) ?? code.ToString(CultureInfo.InvariantCulture);
        string n = status.ToString(CultureInfo.InvariantCulture);
        if (code == Exited)
        {
            return StatusName(status) is { } s ? $"code={name}, status={n}/{s}" : $"code={name}, status={n}";
        }

        return SignalName(status) is { } sig ? $"code={name}, signal={sig}" : $"code={name}, signal={n}";
    }

    /// <summary>systemd's names for exit statuses (generic, LSB and its own 200-245), null for others.</summary>
    public static string? StatusName(int status) => status switch
    {
        0 => "SUCCESS",
        1 => "FAILURE",
        2 => "INVALIDARGUMENT",
        3 => "NOTIMPLEMENTED",
        4 => "NOPERMISSION",
        5 => "NOTINSTALLED",
        6 => "NOTCONFIGURED",
        7 => "NOTRUNNING",
        200 => "CHDIR",
        201 => "NICE",
        202 => "FDS",
        203 => "EXEC",
        204 => "MEMORY",
        205 => "LIMITS",
        206 => "OOM_ADJUST",
        207 => "SIGNAL_MASK",
        208 => "STDIN",
        209 => "STDOUT",
        210 => "CHROOT",
        211 => "IOPRIO",
        212 => "TIMERSLACK",
        213 => "SECUREBITS",
        214 => "SETSCHEDULER",
        215 => "CPUAFFINITY",
        216 => "GROUP",
        217 => "USER",
        218 => "CAPABILITIES",
        219 => "CGROUP",
        220 => "SETSID",
        221 => "CONFIRM",
        222 => "STDERR",
        224 => "PAM",
        225 => "NETWORK",
        226 => "NAMESPACE",
        227 => "NO_NEW_PRIVILEGES",
        228 => "SECCOMP",
        229 => "SELINUX_CONTEXT",
        230 => "PERSONALITY",
        231 => "APPARMOR_PROFILE",
        232 => "ADDRESS_FAMILIES",
        233 => "RUNTIME_DIRECTORY",
        235 => "CHOWN",
        236 => "SMACK_PROCESS_LABEL",
        237 => "KEYRING",
        238 => "STATE_DIRECTORY",
        239 => "CACHE_DIRECTORY",
        240 => "LOGS_DIRECTORY",
        241 => "CONFIGURATION_DIRECTORY",
        242 => "NUMA_POLICY",
        243 => "CREDENTIALS",
        245 => "BPF",
        _ => null,
    };

    private static readonly string[] Signals =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>A signal's name without <c>SIG</c> (<c>KILL</c>, <c>RTMIN+4</c>), null for 0 and unknown numbers.</summary>
    public static string? SignalName(int signal)
    {
        if (signal > 0 && signal < Signals.Length)
        {
            return Signals[signal];
        }

        // Linux's real-time signals, as glibc numbers them for programs (SIGRTMIN is 34, SIGRTMAX 64).
        if (signal >= 34 && signal <= 64)
        {
            return signal == 34 ? "RTMIN" : signal == 64 ? "RTMAX" : $"RTMIN+{(signal - 34).ToString(CultureInfo.InvariantCulture)}";
        }

        return null;
    }
}
