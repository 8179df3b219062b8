namespace Steward.Units.Diagnostics;

/// <summary>How serious a finding is. Errors make a unit fail to load (or verify fail); warnings
/// are reported and the offending assignment is ignored, as systemd does.</summary>
public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>One finding about a unit file or a unit, as data: the CLI decides how to print it.</summary>
/// <param name="File">The path of the file the finding is about, or null when it concerns a unit as a whole.</param>
/// <param name="Line">1-based line number, or 0 when the finding is not about a line.</param>
/// <param name="Severity">How serious the finding is.</param>
/// <param name="Message">The message, worded as systemd words it where systemd reports the same thing.</param>
/// <param name="Unit">The unit name the finding concerns, when known.</param>
public sealed record Diagnostic(string? File, int Line, Severity Severity, string Message, string? Unit = null)
{
    /// <summary>Formats as systemd's log lines do: <c>PATH:LINE: message</c>, <c>UNIT: message</c>, or just the message.</summary>
    public override string ToString() =>
        File is not null && Line > 0 ? $"{File}:{Line}: {Message}"
        : File is not null ? $"{File}: {Message}"
        : Unit is not null ? $"{Unit}: {Message}"
        : Message;
}
