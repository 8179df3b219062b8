using System.Globalization;
using System.Text;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>What <c>systemctl list-units</c> was asked for.</summary>
/// <param name="All"><c>--all</c>: inactive units and units following others too.</param>
/// <param name="Types"><c>--type=</c> unit types (<c>service</c>, <c>target</c>…); empty: all.</param>
/// <param name="States"><c>--state=</c> values matched against load, active and sub state (<c>--failed</c> is
/// <c>failed</c>); empty: all.</param>
/// <param name="Patterns">Glob patterns on the unit name; empty: all.</param>
/// <param name="Plain"><c>--plain</c>: no ● column.</param>
/// <param name="NoLegend"><c>--no-legend</c>: no header, legend or count.</param>
/// <param name="Width">The terminal width on a tty (descriptions are cut to fit); null when not a tty.</param>
public sealed record ListUnitsOptions(
    bool All = false,
    IReadOnlyCollection<string>? Types = null,
    IReadOnlyCollection<string>? States = null,
    IReadOnlyCollection<string>? Patterns = null,
    bool Plain = false,
    bool NoLegend = false,
    int? Width = null);

/// <summary>
/// <c>systemctl list-units</c>: the UNIT LOAD ACTIVE SUB [JOB] DESCRIPTION table of the manager's <c>ListUnits()</c>
/// rows, filtered, sorted by unit type and then name, with systemctl 252's legend and count lines.
/// </summary>
public static class ListUnitsFormatter
{
    /// <summary>The rows list-units shows for these options, in its order.</summary>
    public static List<UnitListEntry> Select(IEnumerable<UnitListEntry> units, ListUnitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(options);
        var selected = units.Where(u => Shows(u, options)).ToList();
        selected.Sort(CompareUnits);
        return selected;
    }

    private static bool Shows(UnitListEntry u, ListUnitsOptions o)
    {
        if (o.Types is { Count: > 0 } && !o.Types.Contains(TypeOf(u.Name)))
        {
            return false;
        }

        if (o.Patterns is { Count: > 0 } && !o.Patterns.Any(p => Glob.Matches(p, u.Name)))
        {
            return false;
        }

        if (o.States is { Count: > 0 })
        {
            return o.States.Contains(u.LoadState) || o.States.Contains(u.ActiveState) || o.States.Contains(u.SubState);
        }

        // Without --all (or a state filter) inactive units without a job, and units following another, stay out.
        return o.All || u.JobId != 0 || (u.ActiveState != "inactive" && u.Following.Length == 0);
    }

    private static string TypeOf(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[(dot + 1)..];
    }

    // By type, then by name, comparing as strcasecmp does (lower-cased ASCII), so '_' sorts before letters.
    private static int CompareUnits(UnitListEntry a, UnitListEntry b)
    {
        int c = CompareCaseless(TypeOf(a.Name), TypeOf(b.Name));
        return c != 0 ? c : CompareCaseless(a.Name, b.Name);
    }

    internal static int CompareCaseless(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int c = char.ToLowerInvariant(a[i]).CompareTo(char.ToLowerInvariant(b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static bool Marked(UnitListEntry u) =>
        u.ActiveState == "failed" || u.LoadState is "not-found" or "bad-setting" or "error" or "masked";

    /// <summary>The whole output.</summary>
    public static string Format(IEnumerable<UnitListEntry> units, ListUnitsOptions options)
    {
        List<UnitListEntry> rows = Select(units, options);
        bool jobs = rows.Any(u => u.JobId != 0);
        var table = new List<IReadOnlyList<string>>();
        var header = new List<string> { "UNIT", "LOAD", "ACTIVE", "SUB" };
        if (jobs)
        {
            header.Add("JOB");
        }

        header.Add("DESCRIPTION");
        if (!options.NoLegend)
        {
            table.Add(header);
        }

        foreach (UnitListEntry u in rows)
        {
            var row = new List<string> { u.Name, u.LoadState, u.ActiveState, u.SubState };
            if (jobs)
            {
                row.Add(u.JobId != 0 ? u.JobType : "");
            }

            row.Add(u.Description);
            table.Add(row);
        }

        int[] widths = TextTable.Widths(table, header.Count);
        var s = new StringBuilder();
        for (int i = 0; i < table.Count; i++)
        {
            bool isHeader = !options.NoLegend && i == 0;
            string mark = options.Plain ? "" : !isHeader && Marked(rows[options.NoLegend ? i : i - 1]) ? UnitGlyph.Active + " " : "  ";
            IReadOnlyList<string> row = FitWidth(table[i], widths, mark.Length, options.Width);
            s.Append(mark);
            TextTable.AppendRow(s, row, widths);
        }

        if (options.NoLegend)
        {
            return s.ToString();
        }

        if (rows.Count > 0)
        {
            s.Append('\n')
                .Append("LOAD   = Reflects whether the unit definition was properly loaded.\n")
                .Append("ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n")
                .Append("SUB    = The low-level unit activation state, values depend on unit type.\n");
            if (jobs)
            {
                s.Append("JOB    = Pending job for the unit.\n\n");
            }
        }

        string count = rows.Count.ToString(CultureInfo.InvariantCulture) + " loaded units listed.";
        bool stateFilter = options.States is { Count: > 0 };
        if (options.All || (stateFilter && options.States!.Contains("inactive")))
        {
            s.Append(count).Append("\nTo show all installed unit files use 'systemctl list-unit-files'.\n");
        }
        else if (!stateFilter)
        {
            s.Append(count).Append(" Pass --all to see loaded but inactive units, too.\n")
                .Append("To show all installed unit files use 'systemctl list-unit-files'.\n");
        }
        else
        {
            s.Append(count).Append('\n');
        }

        return s.ToString();
    }

    // On a terminal the last column (the description) is cut so that the line fits, ending in "…".
    private static IReadOnlyList<string> FitWidth(IReadOnlyList<string> row, int[] widths, int markWidth, int? width)
    {
        if (width is not int max)
        {
            return row;
        }

        int used = markWidth;
        for (int i = 0; i < row.Count - 1; i++)
        {
            used += widths[i] + 1;
        }

        string last = row[^1];
        int room = Math.Max(0, max - used);
        if (TextTable.Width(last) <= room)
        {
            return row;
        }

        var cut = row.ToList();
        cut[^1] = room == 0 ? "" : string.Concat(last.EnumerateRunes().Take(room - 1).Select(r => r.ToString())) + "…";
        return cut;
    }
}
