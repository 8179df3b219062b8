using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;

namespace Steward.Cli.Analyze;

/// <summary>A parsed systemd-analyze command line handed to a verb.</summary>
public sealed class AnalyzeInvocation
{
    public AnalyzeInvocation(ToolContext context, ParsedCommandLine commandLine, IReadOnlyList<string> operands)
    {
        Context = context;
        CommandLine = commandLine;
        Operands = operands;
    }

    public ToolContext Context { get; }

    public ParsedCommandLine CommandLine { get; }

    public IReadOnlyList<string> Operands { get; }

    public bool Has(string id) => CommandLine.Options.Exists(o => o.Id == id);

    public string? Last(string id) => CommandLine.Options.LastOrDefault(o => o.Id == id).Value;
}
