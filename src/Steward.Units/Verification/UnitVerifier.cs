using Steward.Units.Diagnostics;
using Steward.Units.Directives;
using Steward.Units.Syntax;

namespace Steward.Units.Verification;

/// <summary>systemd-analyze verify: parses each unit, checks every directive, then the unit as a whole.
/// systemd's findings come first on each line; Steward's hints follow on extra lines.</summary>
public sealed class UnitVerifier
{
    private static readonly string[] InstallDependencies = ["WantedBy", "RequiredBy", "Also"];

    private static readonly string[] TimerTriggers =
        ["OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnCalendar", "OnClockChange", "OnTimezoneChange"];

    private readonly string? _root;
    private readonly Dictionary<string, KnownUnits> _knownByDirectory = new(StringComparer.Ordinal);

    public UnitVerifier(string? root) => _root = root;

    public VerifyResult Verify(IEnumerable<string> operands)
    {
        var all = new List<Diagnostic>();
        bool failed = false;
        foreach (string operand in operands)
        {
            var bag = new DiagnosticBag();
            VerifyOne(operand, bag);
            all.AddRange(bag.Items);
            failed |= bag.HasErrors;
        }

        return new VerifyResult(all, failed);
    }

    /// <summary>The units known for hints: the search path plus the unit's own directory. Listing them is
    /// the costliest part of verifying many units, so one listing serves every unit of a directory.</summary>
    private KnownUnits KnownUnitsNear(string directory)
    {
        if (!_knownByDirectory.TryGetValue(directory, out KnownUnits? known))
        {
            known = new KnownUnits(UnitSearchPath.Under(_root).Append(directory));
            _knownByDirectory[directory] = known;
        }

        return known;
    }

    private void VerifyOne(string operand, DiagnosticBag bag)
    {
        // Under --root a bare name means the unit on the root's search path, not a file in the current directory.
        bool bareName = !operand.Contains('/', StringComparison.Ordinal);
        string? path = bareName && !string.IsNullOrEmpty(_root) ? UnitSearchPath.Find(operand, _root)
            : File.Exists(operand) ? Path.GetFullPath(operand)
            : bareName ? UnitSearchPath.Find(operand, _root)
            : null;
        string name = Path.GetFileName(operand);
        if (path is null)
        {
            bag.Error(null, 0, $"Unit {name} not found.");
            return;
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Error(null, 0, $"Failed to load {path}: {e.Message}", name);
            return;
        }

        var lines = new DiagnosticBag();
        UnitFile file = UnitFileParser.Parse(path, content, lines);
        string type = Path.GetExtension(name).TrimStart('.');
        var hints = new UnitHints(KnownUnitsNear(Path.GetDirectoryName(path) ?? "/"));
        var perLine = new List<Diagnostic>(lines.Items);
        foreach (Assignment orphan in file.Orphans)
        {
            perLine.AddRange(hints.ForOrphan(path, orphan));
        }

        var sections = new List<UnitSection>();
        foreach (UnitSection section in file.Sections)
        {
            if (section.Name.StartsWith("X-", StringComparison.Ordinal))
            {
                continue;
            }

            if (section.Name != "Unit" && section.Name != "Install" && section.Name != DirectiveTable.TypeSection(type))
            {
                perLine.Add(new Diagnostic(path, section.Line, Severity.Warning, $"Unknown section '{section.Name}'. Ignoring."));
                perLine.AddRange(hints.ForSection(path, section, type));
                continue;
            }

            sections.Add(section);
            CheckAssignments(path, section, perLine, hints);
        }

        // Stable by line: each hint stays right after the systemd message it explains.
        bag.AddRange(perLine.OrderBy(d => d.Line));
        new UnitChecks(name, type, sections, bag).Run();
    }

    private static void CheckAssignments(string path, UnitSection section, List<Diagnostic> output, UnitHints hints)
    {
        bool triggerSeen = false;
        foreach (Assignment a in section.Assignments)
        {
            if (a.Key == "Unit" && section.Name is "Timer" or "Path" && a.Value.Length > 0)
            {
                // Timers and paths trigger exactly one unit; later Unit= lines are ignored.
                if (triggerSeen)
                {
                    output.Add(new Diagnostic(path, a.EndLine, Severity.Warning, $"Multiple units to trigger specified, ignoring: {a.Value}"));
                    continue;
                }

                triggerSeen = true;
            }

            if (a.Key.StartsWith("X-", StringComparison.Ordinal))
            {
                continue;
            }

            ValueParser? parser = DirectiveTable.Find(section.Name, a.Key);
            if (parser is null)
            {
                output.Add(new Diagnostic(path, a.EndLine, Severity.Warning, $"Unknown key '{a.Key}' in section [{section.Name}], ignoring."));
                output.AddRange(hints.ForKey(path, section.Name, a));
                continue;
            }

            if (parser(a.Key, a.Value) is { } message)
            {
                output.Add(new Diagnostic(path, a.EndLine, Severity.Warning, message));
            }

            if ((section.Name == "Unit" && parser == ValueParsers.Dependency) || (section.Name == "Install" && Array.IndexOf(InstallDependencies, a.Key) >= 0))
            {
                output.AddRange(hints.ForDependency(path, a));
            }
        }
    }

    /// <summary>The unit-level checks systemd makes after loading, plus Steward's.</summary>
    private sealed class UnitChecks(string name, string type, List<UnitSection> sections, DiagnosticBag bag)
    {
        public void Run()
        {
            bool bad = type switch
            {
                "service" => Service(),
                "timer" => Timer(),
                _ => false,
            };
            if (bad)
            {
                bag.Error(null, 0, $"Unit {name} has a bad unit file setting.");
                return;
            }

            Commands();
        }

        private List<string> Values(string section, string key)
        {
            var values = new List<string>();
            foreach (Assignment a in sections.Where(s => s.Name == section).SelectMany(s => s.Assignments).Where(a => a.Key == key))
            {
                // An empty assignment resets a list directive.
                if (a.Value.Length == 0)
                {
                    values.Clear();
                }
                else
                {
                    values.Add(a.Value);
                }
            }

            return values;
        }

        private bool Service()
        {
            int starts = Values("Service", "ExecStart").Count;
            bool oneshot = Values("Service", "Type").LastOrDefault() == "oneshot";
            if (starts == 0 && Values("Service", "ExecStop").Count == 0 && Values("Unit", "SuccessAction").Count == 0)
            {
                bag.Error(null, 0, "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.", name);
                if (!sections.Exists(s => s.Name == "Service"))
                {
                    bag.Error(null, 0, "Unit has no [Service] section and no ExecStart=; add [Service] with ExecStart=COMMAND.", name);
                }

                return true;
            }

            string? declared = Values("Service", "Type").LastOrDefault();
            if (starts == 0 && declared is null)
            {
                // systemd silently makes such a service Type=oneshot; Steward says so.
                bag.Add(new Diagnostic(null, 0, Severity.Info, "Service has no ExecStart= and no Type=; it is treated as Type=oneshot.", name));
            }

            if (starts == 0 && declared is not null && !oneshot)
            {
                bag.Error(null, 0, "Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.", name);
                return true;
            }

            if (starts > 1 && !oneshot)
            {
                bag.Error(null, 0, "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.", name);
                return true;
            }

            bool remain = Values("Service", "RemainAfterExit").LastOrDefault() is { } r && ValueParsers.IsBoolean(r) && ValueParsers.IsTrue(r);
            if (starts == 0 && !remain && Values("Unit", "SuccessAction").Count == 0)
            {
                bag.Error(null, 0, "Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.", name);
                return true;
            }

            // A service without Type= and without ExecStart= is a oneshot too (see above).
            bool effectivelyOneshot = oneshot || (declared is null && starts == 0);
            if (effectivelyOneshot && Values("Service", "Restart").LastOrDefault() is "always" or "on-success")
            {
                bag.Error(null, 0, "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.", name);
                return true;
            }

            return false;
        }

        private bool Timer()
        {
            // Only triggers whose value parsed count: a bad one was ignored.
            if (TimerTriggers.Any(k => Values("Timer", k).Exists(v => DirectiveTable.Find("Timer", k)?.Invoke(k, v) is null)))
            {
                return false;
            }

            bag.Error(null, 0, "Timer unit lacks value setting. Refusing.", name);
            return true;
        }

        private void Commands()
        {
            string? section = DirectiveTable.TypeSection(type);
            if (section is null)
            {
                return;
            }

            foreach (string key in DirectiveTable.Keys(section).Where(k => k.StartsWith("Exec", StringComparison.Ordinal) && k != "ExecSearchPath" && k != "ExecPaths"))
            {
                foreach (string value in Values(section, key))
                {
                    if (CommandCheck.CommandOf(value) is { } command && CommandCheck.Problem(command) is { } problem)
                    {
                        bag.Error(null, 0, $"Command {command} is not executable: {problem}", name);
                    }
                }
            }
        }
    }
}
