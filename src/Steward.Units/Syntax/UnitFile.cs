namespace Steward.Units.Syntax;

/// <summary>One <c>Key=Value</c> line. <paramref name="Line"/> is where it starts; <paramref name="EndLine"/> is
/// where a continuation ends, which is the line systemd names in its messages.</summary>
public sealed record Assignment(string Key, string Value, int Line, int EndLine);

/// <summary>A <c>[Name]</c> section and its assignments in file order.</summary>
public sealed record UnitSection(string Name, int Line, IReadOnlyList<Assignment> Assignments);

/// <summary>A parsed unit file: sections in order, plus the assignments that came before any section
/// header (systemd ignores them; Steward keeps them to say where they belong).</summary>
public sealed record UnitFile(string Path, IReadOnlyList<UnitSection> Sections, IReadOnlyList<Assignment> Orphans);
