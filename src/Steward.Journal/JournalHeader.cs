namespace Steward.Journal;

/// <summary>The header of a journal file, as read (fields a shorter, older header lacks are 0).</summary>
public sealed record JournalHeader
{
    public JournalCompatibleFlags CompatibleFlags { get; init; }

    public JournalIncompatibleFlags IncompatibleFlags { get; init; }

    public JournalState State { get; init; }

    public Id128 FileId { get; init; }

    public Id128 MachineId { get; init; }

    public Id128 TailEntryBootId { get; init; }

    public Id128 SeqnumId { get; init; }

    public ulong HeaderSize { get; init; }

    public ulong ArenaSize { get; init; }

    public ulong DataHashTableOffset { get; init; }

    public ulong DataHashTableSize { get; init; }

    public ulong FieldHashTableOffset { get; init; }

    public ulong FieldHashTableSize { get; init; }

    public ulong TailObjectOffset { get; init; }

    public ulong NObjects { get; init; }

    public ulong NEntries { get; init; }

    public ulong TailEntrySeqnum { get; init; }

    public ulong HeadEntrySeqnum { get; init; }

    public ulong EntryArrayOffset { get; init; }

    public ulong HeadEntryRealtime { get; init; }

    public ulong TailEntryRealtime { get; init; }

    public ulong TailEntryMonotonic { get; init; }

    public ulong NData { get; init; }

    public ulong NFields { get; init; }

    public ulong NTags { get; init; }

    public ulong NEntryArrays { get; init; }

    public ulong DataHashChainDepth { get; init; }

    public ulong FieldHashChainDepth { get; init; }

    public uint TailEntryArrayOffset { get; init; }

    public uint TailEntryArrayNEntries { get; init; }

    public bool IsCompact => IncompatibleFlags.HasFlag(JournalIncompatibleFlags.Compact);

    public bool IsKeyedHash => IncompatibleFlags.HasFlag(JournalIncompatibleFlags.KeyedHash);
}
