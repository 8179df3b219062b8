using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Steward.Journal;

/// <summary>
/// The Journal JSON Format (JOURNAL_EXPORT_FORMATS), one object per entry as <c>journalctl -o json</c> prints:
/// the four address fields as strings, then each field once; printable UTF-8 values (newlines allowed) as
/// strings, other values as arrays of byte numbers, fields of 4096 bytes or more (NAME=value) as null unless
/// <paramref name="all"/>, and a field that occurs more than once as an array of its values.
/// journalctl prints the members in hash order; Steward prints them in the entry's order.
/// </summary>
public static class JournalJson
{
    /// <summary>journalctl's JSON_THRESHOLD.</summary>
    public const int Threshold = 4096;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Writes one entry as a line of JSON; returns the fields it had to leave out.</summary>
    public static IReadOnlyList<string> Write(JournalEntry entry, Stream output, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(output);
        var skipped = new List<string>();
        var groups = new List<(string Name, List<JournalEntryField> Values)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in entry.Fields)
        {
            if (!f.IsValid)
            {
                skipped.Add(f.Error ?? "unreadable field");
                continue;
            }

            var name = f.Name;
            if (name == "_BOOT_ID")
            {
                continue;
            }

            if (!index.TryGetValue(name, out var i))
            {
                index[name] = i = groups.Count;
                groups.Add((name, []));
            }

            groups[i].Values.Add(f);
        }

        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("__CURSOR", entry.Cursor);
            w.WriteString("__REALTIME_TIMESTAMP", entry.Realtime.ToString(CultureInfo.InvariantCulture));
            w.WriteString("__MONOTONIC_TIMESTAMP", entry.Monotonic.ToString(CultureInfo.InvariantCulture));
            w.WriteString("_BOOT_ID", entry.BootId.ToString());
            foreach (var (name, values) in groups)
            {
                w.WritePropertyName(name);
                if (values.Count == 1)
                {
                    WriteValue(w, values[0], all);
                }
                else
                {
                    w.WriteStartArray();
                    foreach (var v in values)
                    {
                        WriteValue(w, v, all);
                    }

                    w.WriteEndArray();
                }
            }

            w.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return skipped;
    }

    private static void WriteValue(Utf8JsonWriter w, JournalEntryField field, bool all)
    {
        var value = field.Value;
        if (!all && field.Payload!.Length >= Threshold)
        {
            w.WriteNullValue();
        }
        else if (IsPrintableWithNewlines(value))
        {
            w.WriteStringValue(value);
        }
        else
        {
            w.WriteStartArray();
            foreach (var b in value)
            {
                w.WriteNumberValue(b);
            }

            w.WriteEndArray();
        }
    }

    private static bool IsPrintableWithNewlines(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (true)
        {
            var nl = value[start..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                return JournalExport.IsPrintable(value[start..]);
            }

            if (!JournalExport.IsPrintable(value.Slice(start, nl)))
            {
                return false;
            }

            start += nl + 1;
        }
    }
}
