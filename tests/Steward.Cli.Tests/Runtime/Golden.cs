using Steward.Bus;

namespace Steward.Cli.Tests.Runtime;

/// <summary>
/// The oracle captures: <c>Golden/sN/props</c> holds busctl's JSON replies (GetAll per unit, ListUnits, ListJobs,
/// GetUnitProcesses, a slimmed dependency map) and <c>Golden/sN/out</c> what systemctl 252 printed at that moment
/// (<c>NAME.stdout</c>, <c>.stderr</c>, <c>.rc</c> and <c>.now</c>, the realtime clock in µs just before it ran).
/// </summary>
internal static class Golden
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Runtime", "Golden");

    public static string Props(string set, string name) => Path.Combine(Root, set, "props", name);

    public static string Out(string set, string name) => Path.Combine(Root, set, "out", name);

    public static string Stdout(string set, string name) => File.ReadAllText(Out(set, name + ".stdout"));

    public static string Stderr(string set, string name) => File.ReadAllText(Out(set, name + ".stderr"));

    public static int ExitCode(string set, string name) => int.Parse(File.ReadAllText(Out(set, name + ".rc")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static ulong Now(string set, string name) => ulong.Parse(File.ReadAllText(Out(set, name + ".now")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static List<KeyValuePair<string, Variant>> UnitProperties(string set, string unit) => BusctlJson.ReadProperties(Props(set, unit + ".json"));

    /// <summary>The units whose properties were captured with their outputs, as (set, unit) pairs.</summary>
    public static TheoryData<string, string> CapturedUnits()
    {
        var data = new TheoryData<string, string>();
        foreach (string set in new[] { "s1", "s2" })
        {
            foreach (string file in Directory.GetFiles(Path.Combine(Root, set, "props"), "*.json").Order(StringComparer.Ordinal))
            {
                string unit = Path.GetFileName(file)[..^5];
                if (File.Exists(Out(set, "show_" + unit + ".stdout")))
                {
                    data.Add(set, unit);
                }
            }
        }

        return data;
    }
}
