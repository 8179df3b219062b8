using Steward.Cli.Hosting;

namespace Steward.Cli.CommandLine;

/// <summary>The operand-count check systemd's verb dispatchers share, with their messages.</summary>
public static class OperandCount
{
    /// <summary>True when <paramref name="count"/> lies in [min, max]; otherwise prints systemd's message.</summary>
    public static bool Check(ToolContext context, int count, int min, int max)
    {
        if (count < min)
        {
            context.Stderr.WriteLine("Too few arguments.");
            return false;
        }

        if (count > max)
        {
            context.Stderr.WriteLine("Too many arguments.");
            return false;
        }

        return true;
    }
}
