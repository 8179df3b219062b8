using System.Globalization;

namespace Steward.Exec;

/// <summary>Linux signal names and numbers, as systemd prints them ("KILL", "RTMIN+3") and accepts them
/// ("SIGTERM", "TERM", "15", "SIGRTMIN+4").</summary>
public static class Signals
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGABRT = 6, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11,
        SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGWINCH = 28;

    /// <summary>glibc's SIGRTMIN/SIGRTMAX as programs see them (the kernel's 32 and 33 are glibc's own).</summary>
    public const int RtMin = 34, RtMax = 64;

    private static readonly string?[] Names =
    [
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM",
        "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>The name without "SIG" ("KILL", "RTMIN+3"), or the number as text when it has none.</summary>
    public static string Name(int signal)
    {
        if (signal > 0 && signal < Names.Length && Names[signal] is { } name)
        {
            return name;
        }

        if (signal >= RtMin && signal <= RtMax)
        {
            return signal == RtMin ? "RTMIN" : string.Create(CultureInfo.InvariantCulture, $"RTMIN+{signal - RtMin}");
        }

        return signal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>"SIGKILL", "SIGRTMIN+3".</summary>
    public static string FullName(int signal) => "SIG" + Name(signal);

    /// <summary>Parses "SIGTERM", "TERM", "15", "RTMIN+3", "SIGRTMAX-2"; null when unknown.</summary>
    public static int? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number > 0 && number <= RtMax ? number : null;
        }

        string name = text.StartsWith("SIG", StringComparison.Ordinal) ? text[3..] : text;
        for (int i = 1; i < Names.Length; i++)
        {
            if (name.Equals(Names[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        if (name.Equals("IOT", StringComparison.Ordinal))
        {
            return SIGABRT;
        }

        if (name.Equals("POLL", StringComparison.Ordinal))
        {
            return 29;
        }

        return ParseRealtime(name, "RTMIN", RtMin, +1) ?? ParseRealtime(name, "RTMAX", RtMax, -1);
    }

    private static int? ParseRealtime(string name, string prefix, int baseNumber, int direction)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = name[prefix.Length..];
        if (rest.Length == 0)
        {
            return baseNumber;
        }

        char sign = direction > 0 ? '+' : '-';
        if (rest[0] != sign || !int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
        {
            return null;
        }

        int signal = baseNumber + (direction * offset);
        return signal >= RtMin && signal <= RtMax ? signal : null;
    }
}
