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
    public static string? StatusName(int status) =>
        Steward.Exec.ExitStatusNames.Name(status, Steward.Exec.ExitStatusClasses.Libc | Steward.Exec.ExitStatusClasses.Lsb | Steward.Exec.ExitStatusClasses.Systemd);

    /// <summary>A signal's name without <c>SIG</c> (<c>KILL</c>, <c>RTMIN+4</c>), null for 0 and unknown numbers.</summary>
    public static string? SignalName(int signal) =>
        signal is > 0 and <= Steward.Exec.Signals.RtMax && Steward.Exec.Signals.Name(signal) is { } name && !char.IsAsciiDigit(name[0]) ? name : null;
}
