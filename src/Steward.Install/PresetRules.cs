using System.Text;
using Steward.Units.Diagnostics;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

public enum PresetAction
{
    Enable,
    Disable,
}

/// <summary>One line of a preset file: the action, the unit-name glob, and for templates the instances
/// to enable.</summary>
public sealed record PresetRule(PresetAction Action, string Pattern, IReadOnlyList<string> Instances);

/// <summary>
/// The preset policy (man systemd.preset): every <c>*.preset</c> file in the preset directories, a
/// file name in an earlier directory hiding the same name in later ones, read in file-name order; the
/// first rule that matches a unit decides, and a unit no rule matches is enabled.
/// </summary>
public sealed class PresetRules
{
    private readonly List<PresetRule> _rules;

    private PresetRules(List<PresetRule> rules) => _rules = rules;

    public IReadOnlyList<PresetRule> Rules => _rules;

    public static IReadOnlyList<string> DirectoriesFor(UnitScope scope)
    {
        string kind = scope == UnitScope.System ? "system-preset" : "user-preset";
        return [$"/etc/systemd/{kind}", $"/run/systemd/{kind}", $"/usr/local/lib/systemd/{kind}", $"/usr/lib/systemd/{kind}", $"/lib/systemd/{kind}"];
    }

    /// <summary>Reads the policy; lines it cannot read (systemd 252 knows only "enable" and
    /// "disable") go to <paramref name="warnings"/>.</summary>
    public static PresetRules Load(UnitFileSystem fileSystem, UnitScope scope, ICollection<Diagnostic>? warnings = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string directory in DirectoriesFor(scope))
        {
            foreach (string name in fileSystem.List(directory))
            {
                if (name.EndsWith(".preset", StringComparison.Ordinal) && !files.ContainsKey(name))
                {
                    files[name] = directory + "/" + name;
                }
            }
        }

        var rules = new List<PresetRule>();
        foreach (string path in files.Values)
        {
            if (fileSystem.Chase(path) is not { Kind: EntryKind.File } || fileSystem.ReadAll(path) is not { } bytes)
            {
                continue;
            }

            string[] lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (int number = 1; number <= lines.Length; number++)
            {
                string line = lines[number - 1].Trim(' ', '\t', '\r');
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }

                if (AfterKeyword(line, "enable") is { } enable)
                {
                    // "enable PATTERN [INSTANCE…]": the instances say which instances of a template.
                    string[] words = enable.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    rules.Add(new PresetRule(PresetAction.Enable, words[0], words[1..]));
                }
                else if (AfterKeyword(line, "disable") is { } disable)
                {
                    // The rest of the line is the pattern, spaces and all.
                    rules.Add(new PresetRule(PresetAction.Disable, disable, []));
                }
                else
                {
                    warnings?.Add(new Diagnostic(fileSystem.Paths.Physical(path), number, Severity.Warning, $"Couldn't parse line '{line}'. Ignoring."));
                }
            }
        }

        return new PresetRules(rules);
    }

    /// <summary>The text after a keyword and the whitespace that must follow it; null when the line
    /// does not start so, or nothing follows.</summary>
    private static string? AfterKeyword(string line, string keyword)
    {
        if (!line.StartsWith(keyword, StringComparison.Ordinal) || line.Length == keyword.Length || line[keyword.Length] is not (' ' or '\t'))
        {
            return null;
        }

        string rest = line[keyword.Length..].TrimStart(' ', '\t');
        return rest.Length == 0 ? null : rest;
    }

    /// <summary>The rule for a unit; null means no rule matched (the unit is enabled by default).</summary>
    public PresetRule? Find(string name) => _rules.FirstOrDefault(r => Matches(r, name));

    /// <summary>A rule listing instances covers those instances of the template it names; any other
    /// rule matches the name as a glob.</summary>
    private static bool Matches(PresetRule rule, string name)
    {
        if (rule.Instances.Count > 0 && UnitNames.Split(name) is { Instance.Length: > 0 } parts)
        {
            return Glob.Matches(rule.Pattern, $"{parts.Prefix}@.{parts.Suffix}") && rule.Instances.Contains(parts.Instance);
        }

        return Glob.Matches(rule.Pattern, name);
    }

    /// <summary>The policy for a unit as list-unit-files shows it (its PRESET column): the first rule
    /// whose pattern matches the name itself. systemctl 252 does not apply a rule's instance list
    /// there, so an instance is shown by the rules after it ("enable t@.service x" then "disable *":
    /// t@x.service is shown disabled, though preset enables it).</summary>
    public PresetAction ActionFor(string name) => _rules.FirstOrDefault(r => Glob.Matches(r.Pattern, name))?.Action ?? PresetAction.Enable;
}
