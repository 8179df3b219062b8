namespace Steward.Journal;

/// <summary>Incompatible header flags: a reader that does not know one must refuse the file.</summary>
[Flags]
public enum JournalIncompatibleFlags : uint
{
    None = 0,
    CompressedXz = 1 << 0,
    CompressedLz4 = 1 << 1,
    KeyedHash = 1 << 2,
    CompressedZstd = 1 << 3,
    Compact = 1 << 4,
}

/// <summary>Compatible header flags: a reader may ignore them.</summary>
[Flags]
public enum JournalCompatibleFlags : uint
{
    None = 0,
    Sealed = 1 << 0,
}

/// <summary>The header's state byte.</summary>
public enum JournalState : byte
{
    Offline = 0,
    Online = 1,
    Archived = 2,
}

/// <summary>Object types.</summary>
public enum JournalObjectType : byte
{
    Unused = 0,
    Data = 1,
    Field = 2,
    Entry = 3,
    DataHashTable = 4,
    FieldHashTable = 5,
    EntryArray = 6,
    Tag = 7,
}

/// <summary>Compression of one data object (object header flags).</summary>
public enum JournalCompression : byte
{
    None = 0,
    Xz = 1,
    Lz4 = 2,
    Zstd = 4,
}

/// <summary>Byte offsets and sizes of the on-disk layout (JOURNAL_FILE_FORMAT, as of systemd 252).</summary>
internal static class JournalLayout
{
    public static ReadOnlySpan<byte> Signature => "LPKSHHRH"u8;

    /// <summary>The header as systemd 252 writes it (ends with tail_entry_array_n_entries).</summary>
    public const int HeaderSize252 = 264;

    /// <summary>The smallest header a reader accepts (up to and including n_data is optional before 187).</summary>
    public const int HeaderSizeMin = 208;

    public const int HState = 16;
    public const int HFileId = 24;
    public const int HMachineId = 40;
    public const int HTailEntryBootId = 56;
    public const int HSeqnumId = 72;
    public const int HHeaderSize = 88;
    public const int HArenaSize = 96;
    public const int HDataHashTableOffset = 104;
    public const int HDataHashTableSize = 112;
    public const int HFieldHashTableOffset = 120;
    public const int HFieldHashTableSize = 128;
    public const int HTailObjectOffset = 136;
    public const int HNObjects = 144;
    public const int HNEntries = 152;
    public const int HTailEntrySeqnum = 160;
    public const int HHeadEntrySeqnum = 168;
    public const int HEntryArrayOffset = 176;
    public const int HHeadEntryRealtime = 184;
    public const int HTailEntryRealtime = 192;
    public const int HTailEntryMonotonic = 200;
    public const int HNData = 208;
    public const int HNFields = 216;
    public const int HNTags = 224;
    public const int HNEntryArrays = 232;
    public const int HDataHashChainDepth = 240;
    public const int HFieldHashChainDepth = 248;
    public const int HTailEntryArrayOffset = 256;
    public const int HTailEntryArrayNEntries = 260;

    public const int ObjectHeaderSize = 16;

    public const int DataHash = 16;
    public const int DataNextHashOffset = 24;
    public const int DataNextFieldOffset = 32;
    public const int DataEntryOffset = 40;
    public const int DataEntryArrayOffset = 48;
    public const int DataNEntries = 56;
    public const int DataCompactTailEntryArrayOffset = 64;
    public const int DataCompactTailEntryArrayNEntries = 68;
    public const int DataPayloadRegular = 64;
    public const int DataPayloadCompact = 72;

    public const int FieldHash = 16;
    public const int FieldNextHashOffset = 24;
    public const int FieldHeadDataOffset = 32;
    public const int FieldPayload = 40;

    public const int EntrySeqnum = 16;
    public const int EntryRealtime = 24;
    public const int EntryMonotonic = 32;
    public const int EntryBootId = 40;
    public const int EntryXorHash = 56;
    public const int EntryItems = 64;

    public const int EntryArrayNext = 16;
    public const int EntryArrayItems = 24;

    public const int HashItemSize = 16;

    public const int DefaultDataHashTableBuckets = 2047;
    public const int DefaultFieldHashTableBuckets = 333;

    public static long Align8(long v) => (v + 7) & ~7L;

    public static int EntryItemSize(bool compact) => compact ? 4 : 16;

    public static int EntryArrayItemSize(bool compact) => compact ? 4 : 8;

    public static int DataPayloadOffset(bool compact) => compact ? DataPayloadCompact : DataPayloadRegular;

    /// <summary>systemd's VALID_REALTIME: non-zero and below 2^55.</summary>
    public static bool ValidRealtime(ulong u) => u > 0 && u < (1UL << 55);

    /// <summary>systemd's VALID_MONOTONIC: below 2^55.</summary>
    public static bool ValidMonotonic(ulong u) => u < (1UL << 55);

    /// <summary>
    /// A journal field name as journald accepts it: 1–64 characters of A–Z, 0–9 and '_', not starting with a
    /// digit; names starting with '_' are trusted fields (allowed here, the writer is trusted).
    /// </summary>
    public static bool IsValidFieldName(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 or > 64 || (name[0] >= '0' && name[0] <= '9'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
