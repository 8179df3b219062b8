using Steward.Units.Diagnostics;
using Steward.Units.Loading;
using Steward.Units.Syntax;

namespace Steward.Install;

/// <summary>
/// The <c>[Install]</c> settings of a unit, from its file and its drop-ins in order, with specifiers
/// expanded for the unit's name. An empty assignment resets a list, as everywhere in unit files.
/// </summary>
public sealed class InstallSection
{
    public List<string> WantedBy { get; } = [];

    public List<string> RequiredBy { get; } = [];

    public List<string> UpheldBy { get; } = [];

    public List<string> Alias { get; } = [];

    public List<string> Also { get; } = [];

    public string? DefaultInstance { get; private set; }

    /// <summary>Whether there is anything to enable (systemd's "rules"): dependencies or aliases.</summary>
    public bool HasRules => WantedBy.Count > 0 || RequiredBy.Count > 0 || UpheldBy.Count > 0 || Alias.Count > 0;

    public bool HasAlso => Also.Count > 0;

    public static InstallSection Read(UnitFileSystem fileSystem, string unitName, string fragmentPath, IEnumerable<string> dropIns)
    {
        var section = new InstallSection();
        var specifiers = new Specifiers(unitName, fragmentPath, fileSystem);
        foreach (string path in new[] { fragmentPath }.Concat(dropIns))
        {
            byte[]? bytes = fileSystem.ReadAll(path);
            if (bytes is null)
            {
                continue;
            }

            UnitFile file = UnitFileParser.Parse(path, bytes, new DiagnosticBag());
            foreach (UnitSection unitSection in file.Sections.Where(s => s.Name == "Install"))
            {
                foreach (Assignment assignment in unitSection.Assignments)
                {
                    section.Apply(assignment, specifiers);
                }
            }
        }

        return section;
    }

    private void Apply(Assignment assignment, Specifiers specifiers)
    {
        List<string>? list = assignment.Key switch
        {
            "WantedBy" => WantedBy,
            "RequiredBy" => RequiredBy,
            "UpheldBy" => UpheldBy,
            "Alias" => Alias,
            "Also" => Also,
            _ => null,
        };
        if (assignment.Key == "DefaultInstance")
        {
            DefaultInstance = assignment.Value.Length == 0 ? null : specifiers.Expand(assignment.Value, out _);
            return;
        }

        if (list is null)
        {
            return;
        }

        if (assignment.Value.Length == 0)
        {
            list.Clear();
            return;
        }

        IReadOnlyList<string>? words = ValueWords.Split(assignment.Value, out _);
        foreach (string word in words ?? [])
        {
            if (specifiers.Expand(word, out _) is { } expanded && !list.Contains(expanded))
            {
                list.Add(expanded);
            }
        }
    }
}
