using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;

namespace Steward.Cli.Systemctl;

/// <summary>A parsed systemctl command line handed to a verb: the options, the verb and its operands.</summary>
public sealed class SystemctlInvocation
{
    public SystemctlInvocation(ToolContext context, ParsedCommandLine commandLine, string verb, IReadOnlyList<string> operands)
    {
        Context = context;
        CommandLine = commandLine;
        Verb = verb;
        Operands = operands;
    }

    public ToolContext Context { get; }

    public ParsedCommandLine CommandLine { get; }

    public string Verb { get; }

    public IReadOnlyList<string> Operands { get; }

    public bool Has(string id) => CommandLine.Options.Exists(o => o.Id == id);

    /// <summary>The value of the last occurrence of an option (later ones override), or null.</summary>
    public string? Last(string id) => CommandLine.Options.LastOrDefault(o => o.Id == id).Value;

    public string? Root => Last("root");
}
