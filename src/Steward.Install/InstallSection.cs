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

    public List<string> Alias { get; } = [];

    public List<string> Also { get; } = [];

    public string? DefaultInstance { get; private set; }

    /// <summary>Whether there is anything to enable (systemd's "rules"): dependencies or aliases.</summary>
    public bool HasRules => WantedBy.Count > 0 || RequiredBy.Count > 0 || Alias.Count > 0;

    public bool HasAlso => Also.Count > 0;

    /// <summary>The sections a unit file may have; any other (but X-…) gets a warning.</summary>
    private static readonly HashSet<string> KnownSections =
        ["Unit", "Install", "Service", "Socket", "Timer", "Path", "Mount", "Swap", "Automount", "Device", "Target", "Slice", "Scope"];

    private static readonly HashSet<string> InstallKeys = ["WantedBy", "RequiredBy", "Alias", "Also", "DefaultInstance"];

    /// <summary>Reads the settings; what systemctl warns about while reading goes to
    /// <paramref name="warnings"/>: unknown sections, and bad or unknown lines of <c>[Install]</c> (the
    /// other sections are not its business).</summary>
    public static InstallSection Read(UnitFileSystem fileSystem, string unitName, string fragmentPath, IEnumerable<string> dropIns, ICollection<Diagnostic>? warnings = null)
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

            var parseDiagnostics = new DiagnosticBag();
            string shownPath = fileSystem.Paths.Physical(path);
            UnitFile file = UnitFileParser.Parse(shownPath, bytes, parseDiagnostics);
            var found = new List<Diagnostic>();
            foreach (Diagnostic diagnostic in parseDiagnostics.Items)
            {
                string? owner = file.Sections.LastOrDefault(s => s.Line < diagnostic.Line)?.Name;
                if (owner is null or "Install" || diagnostic.Message.StartsWith("String is not UTF-8 clean", StringComparison.Ordinal))
                {
                    found.Add(diagnostic);
                }
            }

            foreach (UnitSection unitSection in file.Sections)
            {
                if (!KnownSections.Contains(unitSection.Name) && !unitSection.Name.StartsWith("X-", StringComparison.Ordinal))
                {
                    found.Add(new Diagnostic(shownPath, unitSection.Line, Severity.Warning, $"Unknown section '{unitSection.Name}'. Ignoring."));
                }

                if (unitSection.Name != "Install")
                {
                    continue;
                }

                foreach (Assignment assignment in unitSection.Assignments)
                {
                    if (assignment.Key.Length == 0)
                    {
                        found.Add(new Diagnostic(shownPath, assignment.EndLine, Severity.Warning, "Missing key name before '=', ignoring line."));
                    }
                    else if (!InstallKeys.Contains(assignment.Key))
                    {
                        found.Add(new Diagnostic(shownPath, assignment.EndLine, Severity.Warning, $"Unknown key '{assignment.Key}' in section [Install], ignoring."));
                    }
                    else if (assignment.Key == "DefaultInstance" && Steward.Units.Names.UnitNames.Split(unitName) is not { Instance: not null })
                    {
                        found.Add(new Diagnostic(shownPath, assignment.EndLine, Severity.Warning, "DefaultInstance= only makes sense for template units, ignoring."));
                    }
                    else
                    {
                        section.Apply(assignment, specifiers);
                    }
                }
            }

            foreach (Diagnostic diagnostic in found.OrderBy(d => d.Line))
            {
                warnings?.Add(diagnostic);
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
