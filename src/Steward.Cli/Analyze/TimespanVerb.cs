using Steward.Time;

namespace Steward.Cli.Analyze;

/// <summary><c>systemd-analyze timespan SPAN…</c>: the parsed value in μs and its normalized human form.</summary>
public static class TimespanVerb
{
    public static int Run(AnalyzeInvocation invocation)
    {
        var context = invocation.Context;
        for (int i = 0; i < invocation.Operands.Count; i++)
        {
            string operand = invocation.Operands[i];
            TimespanParseResult result = Timespan.TryParse(operand, Timespan.Second, out ulong usec);
            if (result != TimespanParseResult.Ok)
            {
                string reason = result == TimespanParseResult.OutOfRange ? "Numerical result out of range" : "Invalid argument";
                context.Stderr.WriteLine($"Failed to parse time span '{operand}': {reason}");
                return 1;
            }

            string micro = usec.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string human = Timespan.Format(usec);

            // systemd prints through its table formatter: a cell narrower than its column is padded and the
            // line's trailing whitespace then dropped, so only the widest cell keeps its own trailing blanks.
            string original = operand.Length >= Math.Max(micro.Length, human.Length) ? operand : operand.TrimEnd(' ', '\t', '\n', '\r');
            context.Stdout.WriteLine($"Original: {original}");
            context.Stdout.WriteLine($"      \u03bcs: {micro}");
            context.Stdout.WriteLine($"   Human: {human}");
            if (i + 1 < invocation.Operands.Count)
            {
                context.Stdout.WriteLine();
            }
        }

        return 0;
    }
}
