using System.Text;
using Steward.Units.Loading;
using Steward.Units.Names;

namespace Steward.Install;

public enum PresetAction
{
    Enable,
    Disable,
    Ignore,
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

    public static PresetRules Load(UnitFileSystem fileSystem, UnitScope scope)
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

            foreach (string raw in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                string line = raw.Trim(' ', '\t', '\r');
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }

                string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                PresetAction? action = words[0] switch
                {
                    "enable" => PresetAction.Enable,
                    "disable" => PresetAction.Disable,
                    "ignore" => PresetAction.Ignore,
                    _ => null,
                };
                if (action is null || words.Length < 2)
                {
                    continue;
                }

                rules.Add(new PresetRule(action.Value, words[1], action == PresetAction.Enable ? words[2..] : []));
            }
        }

        return new PresetRules(rules);
    }

    /// <summary>The rule for a unit; null means no rule matched (the unit is enabled by default).</summary>
    public PresetRule? Find(string name) => _rules.FirstOrDefault(r => Glob.Matches(r.Pattern, name));

    public PresetAction ActionFor(string name) => Find(name)?.Action ?? PresetAction.Enable;
}
