using System.Text;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>systemctl's left-aligned columns: each cell padded to its column's widest cell, one space between
/// columns, the last column not padded. Width is counted in code points (a tab counts as one, as in list-jobs'
/// sub-rows).</summary>
internal static class TextTable
{
    public static int Width(string cell) => cell.EnumerateRunes().Count();

    public static int[] Widths(IEnumerable<IReadOnlyList<string>> rows, int columns)
    {
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], Width(row[i]));
            }
        }

        return widths;
    }

    public static void AppendRow(StringBuilder s, IReadOnlyList<string> row, int[] widths)
    {
        for (int i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                s.Append(' ');
            }

            s.Append(row[i]);
            if (i < row.Count - 1)
            {
                s.Append(' ', Math.Max(0, widths[i] - Width(row[i])));
            }
        }

        s.Append('\n');
    }
}
