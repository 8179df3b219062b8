using System.Globalization;
using System.Text;
using Steward.Time;

namespace Steward.Journal;

/// <summary>What <c>journalctl --header</c> prints for a journal file (unsealed files).</summary>
public static class JournalHeaderText
{
    /// <summary>
    /// Formats the header. Wall-clock times are printed in UTC (journalctl uses the local zone: run it with
    /// TZ=UTC to compare); <paramref name="diskUsage"/> (st_blocks × 512) adds the "Disk usage:" line.
    /// </summary>
    public static string Format(JournalFile file, string path, long? diskUsage = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var h = file.Header;
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        var inv = CultureInfo.InvariantCulture;
        Line($"File path: {path}");
        Line($"File ID: {h.FileId}");
        Line($"Machine ID: {h.MachineId}");
        Line($"Boot ID: {h.TailEntryBootId}");
        Line($"Sequential number ID: {h.SeqnumId}");
        Line($"State: {h.State switch { JournalState.Offline => "OFFLINE", JournalState.Online => "ONLINE", _ => "ARCHIVED" }}");
        Line("Compatible flags:" + (h.CompatibleFlags.HasFlag(JournalCompatibleFlags.Sealed) ? " SEALED" : "")
            + (((uint)h.CompatibleFlags & ~1u) != 0 ? " ???" : ""));
        var inc = h.IncompatibleFlags;
        Line("Incompatible flags:"
            + (inc.HasFlag(JournalIncompatibleFlags.CompressedXz) ? " COMPRESSED-XZ" : "")
            + (inc.HasFlag(JournalIncompatibleFlags.CompressedLz4) ? " COMPRESSED-LZ4" : "")
            + (inc.HasFlag(JournalIncompatibleFlags.CompressedZstd) ? " COMPRESSED-ZSTD" : "")
            + (inc.HasFlag(JournalIncompatibleFlags.KeyedHash) ? " KEYED-HASH" : "")
            + (inc.HasFlag(JournalIncompatibleFlags.Compact) ? " COMPACT" : ""));
        Line(string.Create(inv, $"Header size: {h.HeaderSize}"));
        Line(string.Create(inv, $"Arena size: {h.ArenaSize}"));
        var dataBuckets = h.DataHashTableSize / JournalLayout.HashItemSize;
        var fieldBuckets = h.FieldHashTableSize / JournalLayout.HashItemSize;
        Line(string.Create(inv, $"Data hash table size: {dataBuckets}"));
        Line(string.Create(inv, $"Field hash table size: {fieldBuckets}"));
        Line($"Rotate suggested: {(RotateSuggested(h) ? "yes" : "no")}");
        Line(string.Create(inv, $"Head sequential number: {h.HeadEntrySeqnum} ({h.HeadEntrySeqnum:x})"));
        Line(string.Create(inv, $"Tail sequential number: {h.TailEntrySeqnum} ({h.TailEntrySeqnum:x})"));
        Line(string.Create(inv, $"Head realtime timestamp: {Timestamp(h.HeadEntryRealtime)} ({h.HeadEntryRealtime:x})"));
        Line(string.Create(inv, $"Tail realtime timestamp: {Timestamp(h.TailEntryRealtime)} ({h.TailEntryRealtime:x})"));
        Line(string.Create(inv, $"Tail monotonic timestamp: {Timespan.Format(h.TailEntryMonotonic, Timespan.Millisecond)} ({h.TailEntryMonotonic:x})"));
        Line(string.Create(inv, $"Objects: {h.NObjects}"));
        Line(string.Create(inv, $"Entry objects: {h.NEntries}"));
        Line(string.Create(inv, $"Data objects: {h.NData}"));
        Line(string.Create(inv, $"Data hash table fill: {Fill(h.NData, dataBuckets)}%"));
        Line(string.Create(inv, $"Field objects: {h.NFields}"));
        Line(string.Create(inv, $"Field hash table fill: {Fill(h.NFields, fieldBuckets)}%"));
        Line(string.Create(inv, $"Tag objects: {h.NTags}"));
        Line(string.Create(inv, $"Entry array objects: {h.NEntryArrays}"));
        Line(string.Create(inv, $"Deepest field hash chain: {h.FieldHashChainDepth}"));
        Line(string.Create(inv, $"Deepest data hash chain: {h.DataHashChainDepth}"));
        if (diskUsage is { } usage)
        {
            Line($"Disk usage: {FormatBytes((ulong)usage)}");
        }

        return sb.ToString();
    }

    /// <summary>journald's hint to rotate when reading: a hash table over 75 % full, or a chain deeper than 100.</summary>
    public static bool RotateSuggested(JournalHeader h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var dataBuckets = h.DataHashTableSize / JournalLayout.HashItemSize;
        var fieldBuckets = h.FieldHashTableSize / JournalLayout.HashItemSize;
        return h.NData * 4 > dataBuckets * 3
            || h.NFields * 4 > fieldBuckets * 3
            || h.DataHashChainDepth > 100
            || h.FieldHashChainDepth > 100
            || (h.NData > 0 && h.NFields == 0);
    }

    /// <summary>systemd's format_bytes: 1024-based, one truncated decimal (3.5M), plain bytes below 1 KiB (512B).</summary>
    public static string FormatBytes(ulong t)
    {
        string[] suffixes = ["E", "P", "T", "G", "M", "K"];
        var factor = 1UL << 60;
        foreach (var s in suffixes)
        {
            if (t >= factor)
            {
                var whole = t / factor;
                var tenth = (t / (factor / 1024) % 1024) * 10 / 1024;
                return string.Create(CultureInfo.InvariantCulture, $"{whole}.{tenth}{s}");
            }

            factor >>= 10;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{t}B");
    }

    private static string Fill(ulong n, ulong buckets) =>
        buckets == 0 ? "0.0" : (100.0 * n / buckets).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Timestamp(ulong usec)
    {
        if (usec == 0)
        {
            return " --- ";
        }

        var t = DateTime.UnixEpoch.AddTicks((long)Math.Min(usec, (ulong)(DateTime.MaxValue - DateTime.UnixEpoch).Ticks / 10) * 10);
        return t.ToString("ddd yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    }
}
