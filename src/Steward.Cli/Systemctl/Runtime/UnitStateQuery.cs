using System.Text;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>
/// <c>is-active</c>, <c>is-failed</c> and <c>status</c>: their printed states and exit statuses (man systemctl, "EXIT
/// STATUS"). The states are each unit's ActiveState= (a unit that does not exist reads "inactive", as the manager
/// reports it).
/// </summary>
public static class UnitStateQuery
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>"program is not running": what is-active and status return for units that are not active.</summary>
    public const int NotActive = 3;

    /// <summary>"no such unit": status of a unit that could not be found.</summary>
    public const int NoSuchUnit = 4;

    /// <summary>One state per line, in operand order; nothing with <c>--quiet</c>.</summary>
    public static string FormatStates(IEnumerable<string> activeStates, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(activeStates);
        if (quiet)
        {
            return "";
        }

        var s = new StringBuilder();
        foreach (string state in activeStates)
        {
            s.Append(state).Append('\n');
        }

        return s.ToString();
    }

    /// <summary>0 when at least one unit is active (or reloading), else 3.</summary>
    public static int IsActiveExitCode(IEnumerable<string> activeStates) =>
        activeStates.Any(s => s is "active" or "reloading" or "refreshing") ? Success : NotActive;

    /// <summary>0 when at least one unit has failed, else 1.</summary>
    public static int IsFailedExitCode(IEnumerable<string> activeStates) =>
        activeStates.Any(s => s == "failed") ? Success : Failure;

    /// <summary>status: 4 for a unit not found, 3 for one not active, 0 for an active one; several units give the
    /// first unit's non-zero status.</summary>
    public static int StatusExitCode(IEnumerable<(bool NotFound, string ActiveState)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var (notFound, state) in units)
        {
            int code = notFound ? NoSuchUnit : state is "active" or "reloading" or "refreshing" ? Success : NotActive;
            if (code != Success)
            {
                return code;
            }
        }

        return Success;
    }
}
