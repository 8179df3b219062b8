namespace Steward.Units.Diagnostics;

/// <summary>Collects diagnostics while a file or unit is processed; parsing code reports here instead of printing.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void Warning(string? file, int line, string message, string? unit = null) =>
        _items.Add(new Diagnostic(file, line, Severity.Warning, message, unit));

    public void Error(string? file, int line, string message, string? unit = null) =>
        _items.Add(new Diagnostic(file, line, Severity.Error, message, unit));
}
