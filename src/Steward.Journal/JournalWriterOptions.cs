namespace Steward.Journal;

/// <summary>How a new journal file is laid out. The defaults are what journald 252 writes.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>COMPACT layout (32-bit entry items and entry-array items); journald 252's default
    /// (<c>SYSTEMD_JOURNAL_COMPACT</c> unset means yes).</summary>
    public bool Compact { get; init; } = true;

    /// <summary>KEYED_HASH: siphash24 keyed with the file ID instead of Jenkins lookup3; journald 252's default
    /// (<c>SYSTEMD_JOURNAL_KEYED_HASH</c> unset means yes).</summary>
    public bool KeyedHash { get; init; } = true;

    /// <summary>Compression of large data objects; journald 252 (Debian) compresses with zstd.</summary>
    public JournalCompression Compression { get; init; } = JournalCompression.Zstd;

    /// <summary>Payloads at least this long are compressed (journald's Compress= default threshold, 512).</summary>
    public int CompressThreshold { get; init; } = 512;

    public Id128 FileId { get; init; } = Id128.Random();

    public Id128? MachineId { get; init; }

    /// <summary>Sequence number ID; null means the file ID (what journald does for a first file).</summary>
    public Id128? SeqnumId { get; init; }

    /// <summary>Boot ID in the header until the first entry is written; null reads the running boot's.</summary>
    public Id128? BootId { get; init; }

    /// <summary>Sequence number of the first entry (continues the previous file's numbering after rotation).</summary>
    public ulong FirstSeqnum { get; init; } = 1;

    /// <summary>Buckets of the data hash table; null sizes it from <see cref="MaxFileSize"/> as journald does.</summary>
    public int? DataHashTableBuckets { get; init; }

    /// <summary>The size the file is expected to grow to before rotation (journald's SystemMaxFileSize=, 128 MiB).</summary>
    public long MaxFileSize { get; init; } = 128L * 1024 * 1024;

    public int FieldHashTableBuckets { get; init; } = JournalLayout.DefaultFieldHashTableBuckets;

    /// <summary>The file grows (and its arena is allocated) in steps of this size; journald's is 8 MiB.</summary>
    public long GrowthStep { get; init; } = 8L * 1024 * 1024;

    /// <summary>The same settings for the next file after rotation: a new file ID, the sequence continuing.</summary>
    internal JournalWriterOptions ContinuingAfter(Id128 seqnumId, ulong firstSeqnum) => new()
    {
        Compact = Compact,
        KeyedHash = KeyedHash,
        Compression = Compression,
        CompressThreshold = CompressThreshold,
        MachineId = MachineId,
        SeqnumId = seqnumId,
        BootId = BootId,
        FirstSeqnum = firstSeqnum,
        DataHashTableBuckets = DataHashTableBuckets,
        FieldHashTableBuckets = FieldHashTableBuckets,
        MaxFileSize = MaxFileSize,
        GrowthStep = GrowthStep,
    };

    /// <summary>journald's sizing: one bucket per 768 bytes of the maximum file size at 75 % fill, at least 2047.</summary>
    public static int DataBucketsForMaxSize(long maxFileSize) =>
        (int)Math.Clamp(maxFileSize * 4 / 768 / 3, JournalLayout.DefaultDataHashTableBuckets, int.MaxValue / 16);
}
