using System.Text;
using Steward.Units.Diagnostics;

namespace Steward.Units.Syntax;

/// <summary>The line-oriented INI dialect of systemd.syntax(7). Never throws on content: every problem
/// becomes a diagnostic and the offending line is skipped, as systemd does.</summary>
public static class UnitFileParser
{
    /// <summary>systemd refuses lines longer than this (LONG_LINE_MAX).</summary>
    public const int MaxLineLength = 1024 * 1024;

    public static UnitFile Parse(string path, ReadOnlySpan<byte> content, DiagnosticBag diagnostics)
    {
        var sections = new List<UnitSection>();
        var orphans = new List<Assignment>();
        List<Assignment>? current = null;
        string? currentName = null;
        int currentLine = 0;
        var continuation = new StringBuilder();
        int continuationStart = 0;
        int lineNumber = 0;
        int position = 0;

        while (position < content.Length)
        {
            int newline = content[position..].IndexOf((byte)'\n');
            int end = newline < 0 ? content.Length : position + newline;
            lineNumber++;
            if (end - position > MaxLineLength)
            {
                diagnostics.Error(path, lineNumber, "Failed to read configuration file: Line too long");
                break;
            }

            ReadOnlySpan<byte> raw = content[position..end];
            position = end + 1;
            if (raw.IndexOf((byte)0) >= 0)
            {
                diagnostics.Warning(path, lineNumber, "Line contains NUL byte, ignoring line.");
                continue;
            }

            string text = DecodeUtf8(raw, path, lineNumber, diagnostics);
            if (continuation.Length > 0 && IsComment(text.TrimStart()))
            {
                // systemd.syntax: comment lines inside a continuation are dropped, the continuation goes on.
                continue;
            }

            string line = Trim(text);
            if (continuation.Length == 0 && (line.Length == 0 || IsComment(line)))
            {
                continue;
            }

            if (continuation.Length == 0)
            {
                continuationStart = lineNumber;
            }

            if (line.EndsWith('\\'))
            {
                continuation.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }

            continuation.Append(line);
            string logical = continuation.ToString();
            continuation.Clear();
            ProcessLogicalLine(logical, continuationStart, lineNumber);
        }

        if (continuation.Length > 0)
        {
            // A trailing backslash at end of file: the text so far still counts.
            ProcessLogicalLine(Trim(continuation.ToString()), continuationStart, lineNumber);
        }

        Flush();
        return new UnitFile(path, sections, orphans);

        void ProcessLogicalLine(string logical, int start, int last)
        {
            if (logical.StartsWith('['))
            {
                if (!logical.EndsWith(']') || logical.Length < 3)
                {
                    diagnostics.Error(path, last, $"Invalid section header '{logical}'");
                    return;
                }

                Flush();
                currentName = logical[1..^1];
                currentLine = last;
                current = [];
                return;
            }

            int equals = logical.IndexOf('=');
            if (current is null)
            {
                // systemd checks for a section before it looks for the '=': junk up here gets this message too.
                diagnostics.Warning(path, last, "Assignment outside of section. Ignoring.");
                if (equals >= 0)
                {
                    orphans.Add(new Assignment(Trim(logical[..equals]), Trim(logical[(equals + 1)..]), start, last));
                }

                return;
            }

            if (equals < 0)
            {
                diagnostics.Warning(path, last, "Missing '=', ignoring line.");
                return;
            }

            current.Add(new Assignment(Trim(logical[..equals]), Trim(logical[(equals + 1)..]), start, last));
        }

        void Flush()
        {
            if (current is not null && currentName is not null)
            {
                sections.Add(new UnitSection(currentName, currentLine, current));
            }
        }
    }

    private static bool IsComment(string line) => line.StartsWith('#') || line.StartsWith(';');

    /// <summary>systemd's WHITESPACE set: space, tab, newline, carriage return.</summary>
    public static string Trim(string text) => text.Trim(' ', '\t', '\n', '\r');

    private static string DecodeUtf8(ReadOnlySpan<byte> raw, string path, int line, DiagnosticBag diagnostics)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Warning(path, line, "Line is not valid UTF-8.");
            return Encoding.UTF8.GetString(raw);
        }
    }
}
