using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Steward.Journal;

/// <summary>
/// The Journal Export Format (JOURNAL_EXPORT_FORMATS): what <c>journalctl -o export</c> prints for an entry.
/// Text fields are <c>NAME=value\n</c>; a field that is not printable UTF-8 on one line is
/// <c>NAME\n</c>, its length as a little-endian 64-bit integer, the raw bytes, <c>\n</c>.
/// </summary>
public static class JournalExport
{
    /// <summary>Writes one entry and its terminating empty line; returns the fields it had to leave out.</summary>
    public static IReadOnlyList<string> Write(JournalEntry entry, Stream output)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(output);
        var skipped = new List<string>();
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"__CURSOR={entry.Cursor}\n__REALTIME_TIMESTAMP={entry.Realtime}\n__MONOTONIC_TIMESTAMP={entry.Monotonic}\n_BOOT_ID={entry.BootId}\n");
        output.Write(Encoding.ASCII.GetBytes(head));
        Span<byte> size = stackalloc byte[8];
        foreach (var f in entry.Fields)
        {
            if (!f.IsValid)
            {
                skipped.Add(f.Error ?? "unreadable field");
                continue;
            }

            if (f.NameBytes.SequenceEqual("_BOOT_ID"u8))
            {
                continue;
            }

            if (IsPrintable(f.Payload))
            {
                output.Write(f.Payload);
                output.WriteByte((byte)'\n');
            }
            else
            {
                output.Write(f.NameBytes);
                output.WriteByte((byte)'\n');
                BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)f.Value.Length);
                output.Write(size);
                output.Write(f.Value);
                output.WriteByte((byte)'\n');
            }
        }

        output.WriteByte((byte)'\n');
        return skipped;
    }

    /// <summary>Exports every entry of a file; returns the problems met (unreadable fields, a broken chain).</summary>
    public static IReadOnlyList<string> WriteAll(JournalFile file, Stream output)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<string>();
        foreach (var e in file.Entries())
        {
            problems.AddRange(Write(e, output));
        }

        if (file.LastError is { } error)
        {
            problems.Add(error);
        }

        return problems;
    }

    /// <summary>
    /// Valid UTF-8 (shortest forms, scalar values that are Unicode characters) with no control characters but
    /// tab, and no C1 controls or DEL: such data is printed as text.
    /// </summary>
    public static bool IsPrintable(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            int len;
            int cp;
            if (b < 0x80)
            {
                len = 1;
                cp = b;
            }
            else if ((b & 0xE0) == 0xC0)
            {
                len = 2;
                cp = b & 0x1F;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                len = 3;
                cp = b & 0x0F;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                len = 4;
                cp = b & 0x07;
            }
            else
            {
                return false;
            }

            if (i + len > s.Length)
            {
                return false;
            }

            for (var k = 1; k < len; k++)
            {
                if ((s[i + k] & 0xC0) != 0x80)
                {
                    return false;
                }

                cp = (cp << 6) | (s[i + k] & 0x3F);
            }

            var shortest = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (shortest != len || !IsUnicodeChar(cp))
            {
                return false;
            }

            if ((cp < ' ' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
            {
                return false;
            }

            i += len;
        }

        return true;
    }

    private static bool IsUnicodeChar(int c) =>
        c < 0x110000 && (c & 0xFFFFF800) != 0xD800 && !(c >= 0xFDD0 && c <= 0xFDEF) && (c & 0xFFFE) != 0xFFFE;
}
