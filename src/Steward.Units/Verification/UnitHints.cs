using Steward.Units.Diagnostics;
using Steward.Units.Directives;
using Steward.Units.Syntax;

namespace Steward.Units.Verification;

/// <summary>Steward's additions to verify: where a stray directive belongs, and "did you mean …?" for
/// misspelled keys, sections and dependency targets. All are informational.</summary>
public sealed class UnitHints(KnownUnits known)
{
    public IEnumerable<Diagnostic> ForOrphan(string path, Assignment a)
    {
        string? home = DirectiveTable.SectionsOf(a.Key).FirstOrDefault();
        if (home is null)
        {
            yield break;
        }

        yield return Info(path, a.EndLine, $"{a.Key}= is outside of any section; it belongs in [{home}].");
        if (home == "Install" || DirectiveTable.Find(home, a.Key) == ValueParsers.Dependency)
        {
            foreach (Diagnostic d in ForDependency(path, a))
            {
                yield return d;
            }
        }
    }

    public IEnumerable<Diagnostic> ForSection(string path, UnitSection section, string type)
    {
        string[] valid = [.. new[] { "Unit", "Install", DirectiveTable.TypeSection(type) }.OfType<string>()];
        if (EditDistance.Closest(section.Name, valid) is { } guess)
        {
            yield return Info(path, section.Line, $"Did you mean [{guess}]?");
        }
        else if (DirectiveTable.HasSection(section.Name))
        {
            yield return Info(path, section.Line, $"[{section.Name}] is not valid in a .{type} unit.");
        }
    }

    public IEnumerable<Diagnostic> ForKey(string path, string section, Assignment a)
    {
        if (EditDistance.Closest(a.Key, DirectiveTable.Keys(section)) is { } guess)
        {
            yield return Info(path, a.EndLine, $"Did you mean '{guess}='?");
        }
        else if (DirectiveTable.SectionsOf(a.Key).FirstOrDefault() is { } home)
        {
            yield return Info(path, a.EndLine, $"{a.Key}= belongs in [{home}].");
        }
    }

    public IEnumerable<Diagnostic> ForDependency(string path, Assignment a)
    {
        foreach (string unit in ValueWords.Split(a.Value, out _) ?? [])
        {
            if (known.Contains(unit))
            {
                continue;
            }

            // Only a near miss is worth a line: naming units that are not installed (yet) is legitimate.
            string type = Path.GetExtension(unit);
            if (EditDistance.Closest(unit, known.Names.Where(n => n.EndsWith(type, StringComparison.Ordinal))) is { } guess)
            {
                yield return Info(path, a.EndLine, $"{a.Key}= names {unit}, which does not exist; did you mean {guess}?");
            }
        }
    }

    private static Diagnostic Info(string path, int line, string message) => new(path, line, Severity.Info, message);
}
