namespace Steward.Cli.CommandLine;

/// <summary>Whether an option takes an argument, as in getopt_long's <c>has_arg</c>.</summary>
public enum ArgumentKind
{
    None,
    Required,

    /// <summary>Only attached: <c>--opt=value</c> or <c>-ovalue</c>.</summary>
    Optional,
}

/// <summary>One option a tool accepts. <paramref name="Long"/> and <paramref name="Short"/> may each be absent;
/// <paramref name="Id"/> is what the parser hands back, so a short and a long spelling can share it.</summary>
public sealed record OptionSpec(string? Long, char? Short, ArgumentKind Argument, string Id);

/// <summary>An option found on the command line, with its argument when it has one.</summary>
public readonly record struct ParsedOption(string Id, string? Value, string Spelling);

/// <summary>The result of parsing: options in order, operands in order, or the first error.</summary>
public sealed class ParsedCommandLine
{
    public List<ParsedOption> Options { get; } = [];

    public List<string> Operands { get; } = [];

    /// <summary>getopt's message (without the program-name prefix), or null when parsing succeeded.</summary>
    public string? Error { get; set; }
}

/// <summary>
/// Parses arguments the way glibc's getopt_long does for systemd's tools: options and operands may be
/// interleaved (operands are collected in order), <c>--</c> ends option processing, short options bundle
/// (<c>-qa</c>), take attached or separate arguments (<c>-pX</c>, <c>-p X</c>), long options take
/// <c>--name=value</c> or <c>--name value</c>, and may be abbreviated to any unambiguous prefix.
/// Error messages are glibc's, word for word, so front ends can print them after <c>argv[0]: </c>.
/// </summary>
public sealed class Getopt
{
    private readonly IReadOnlyList<OptionSpec> _options;

    /// <param name="options">The options, in the order of the tool's long-option table: glibc lists
    /// ambiguous candidates in that order.</param>
    /// <param name="stopAtFirstOperand">Like a leading <c>+</c> in the optstring: stop at the first operand.</param>
    public Getopt(IReadOnlyList<OptionSpec> options, bool stopAtFirstOperand = false)
    {
        _options = options;
        StopAtFirstOperand = stopAtFirstOperand;
    }

    public bool StopAtFirstOperand { get; }

    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new ParsedCommandLine();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (int j = i + 1; j < args.Count; j++)
                {
                    result.Operands.Add(args[j]);
                }

                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                result.Operands.Add(arg);
                if (StopAtFirstOperand)
                {
                    for (int j = i + 1; j < args.Count; j++)
                    {
                        result.Operands.Add(args[j]);
                    }

                    break;
                }

                continue;
            }

            bool ok = arg[1] == '-'
                ? ParseLong(args, ref i, result)
                : ParseShortCluster(args, ref i, result);
            if (!ok)
            {
                return result;
            }
        }

        return result;
    }

    private bool ParseLong(IReadOnlyList<string> args, ref int i, ParsedCommandLine result)
    {
        string body = args[i][2..];
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        string name = eq >= 0 ? body[..eq] : body;
        string? attached = eq >= 0 ? body[(eq + 1)..] : null;

        OptionSpec? match = FindLong(name, out string? ambiguity);
        if (ambiguity is not null)
        {
            result.Error = ambiguity;
            return false;
        }

        if (match is null)
        {
            result.Error = $"unrecognized option '--{name}'";
            return false;
        }

        switch (match.Argument)
        {
            case ArgumentKind.None when attached is not null:
                result.Error = $"option '--{match.Long}' doesn't allow an argument";
                return false;
            case ArgumentKind.None:
            case ArgumentKind.Optional:
                result.Options.Add(new ParsedOption(match.Id, attached, "--" + match.Long));
                return true;
            default:
                if (attached is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        result.Error = $"option '--{match.Long}' requires an argument";
                        return false;
                    }

                    attached = args[++i];
                }

                result.Options.Add(new ParsedOption(match.Id, attached, "--" + match.Long));
                return true;
        }
    }

    private OptionSpec? FindLong(string name, out string? ambiguity)
    {
        ambiguity = null;
        OptionSpec? first = null;
        List<OptionSpec>? candidates = null;
        bool differ = false;
        foreach (OptionSpec option in _options)
        {
            if (option.Long is null)
            {
                continue;
            }

            if (option.Long == name)
            {
                return option;
            }

            if (name.Length > 0 && option.Long.StartsWith(name, StringComparison.Ordinal))
            {
                if (first is null)
                {
                    first = option;
                }
                else if (first.Id != option.Id || first.Argument != option.Argument)
                {
                    differ = true;
                }

                (candidates ??= []).Add(option);
            }
        }

        if (differ)
        {
            ambiguity = $"option '--{name}' is ambiguous; possibilities:" +
                string.Concat(candidates!.Select(c => $" '--{c.Long}'"));
            return null;
        }

        return first;
    }

    private bool ParseShortCluster(IReadOnlyList<string> args, ref int i, ParsedCommandLine result)
    {
        string arg = args[i];
        for (int k = 1; k < arg.Length; k++)
        {
            char c = arg[k];
            OptionSpec? match = null;
            foreach (OptionSpec option in _options)
            {
                if (option.Short == c)
                {
                    match = option;
                    break;
                }
            }

            if (match is null)
            {
                // glibc names the offending byte, not the character: the first byte of a multi-byte one.
                string shown = c < 0x80 ? c.ToString() : ((char)(0xDC00 + System.Text.Encoding.UTF8.GetBytes(arg.Substring(k, char.IsHighSurrogate(c) && k + 1 < arg.Length ? 2 : 1))[0])).ToString();
                result.Error = $"invalid option -- '{shown}'";
                return false;
            }

            string spelling = "-" + c;
            string rest = arg[(k + 1)..];
            switch (match.Argument)
            {
                case ArgumentKind.None:
                    result.Options.Add(new ParsedOption(match.Id, null, spelling));
                    continue;
                case ArgumentKind.Optional:
                    result.Options.Add(new ParsedOption(match.Id, rest.Length > 0 ? rest : null, spelling));
                    return true;
                default:
                    if (rest.Length > 0)
                    {
                        result.Options.Add(new ParsedOption(match.Id, rest, spelling));
                        return true;
                    }

                    if (i + 1 >= args.Count)
                    {
                        result.Error = $"option requires an argument -- '{c}'";
                        return false;
                    }

                    result.Options.Add(new ParsedOption(match.Id, args[++i], spelling));
                    return true;
            }
        }

        return true;
    }
}
