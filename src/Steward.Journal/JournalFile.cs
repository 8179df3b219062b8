using System.Buffers.Binary;
using Steward.Journal.Hashing;

namespace Steward.Journal;

/// <summary>
/// A journal file opened for reading (a snapshot of its bytes). Every offset is bounds-checked and every chain
/// walk is bounded, so a truncated or corrupted file gives an error message, never an exception or a hang.
/// </summary>
public sealed class JournalFile
{
    private const JournalIncompatibleFlags Known =
        JournalIncompatibleFlags.CompressedXz | JournalIncompatibleFlags.CompressedLz4 | JournalIncompatibleFlags.KeyedHash
        | JournalIncompatibleFlags.CompressedZstd | JournalIncompatibleFlags.Compact;

    private readonly byte[] _bytes;
    private readonly long _limit;
    private readonly bool _compact;
    private readonly byte[] _hashKey;
    private long[]? _entryOffsets;

    private JournalFile(string? path, byte[] bytes, JournalHeader header, long limit)
    {
        Path = path;
        _bytes = bytes;
        Header = header;
        _limit = limit;
        _compact = header.IsCompact;
        _hashKey = header.FileId.ToBytes();
    }

    public string? Path { get; }

    public JournalHeader Header { get; }

    /// <summary>The file is shorter than its header says (a crash, or a copy of a live file).</summary>
    public bool IsTruncated => (long)Header.HeaderSize + (long)Math.Min(Header.ArenaSize, long.MaxValue / 2) > FileLength;

    /// <summary>The length of the file on disk (the reader may hold less: only up to the tail object).</summary>
    public long FileLength { get; private init; }

    /// <summary>Why the last walk stopped early, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Largest decompressed field accepted (journald's own limit by default).</summary>
    public long MaxFieldSize { get; init; } = Compression.MaxPayload;

    public static JournalFile? Open(string path, out string? error)
    {
        byte[] bytes;
        long fileLength;
        try
        {
            bytes = ReadUsedPart(path, out fileLength);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }

        var file = FromBytes(bytes, out error, path, fileLength);
        if (error is not null)
        {
            error = $"{path}: {error}";
        }

        return file;
    }

    /// <summary>
    /// Reads the file up to the end of its tail object: journald allocates files in 8 MiB steps, and the zeros
    /// past the tail need not be read. Falls back to the whole file when the header's tail pointer looks wrong.
    /// </summary>
    private static byte[] ReadUsedPart(string path, out long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        length = RandomAccess.GetLength(handle);
        var head = new byte[Math.Min(length, JournalLayout.HeaderSize252)];
        RandomAccess.Read(handle, head, 0);
        var used = length;
        if (head.Length >= JournalLayout.HTailObjectOffset + 8)
        {
            var tail = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(JournalLayout.HTailObjectOffset));
            var objectHead = new byte[16];
            if (tail > 0 && tail < (ulong)length - 16 && RandomAccess.Read(handle, objectHead, (long)tail) == 16)
            {
                var size = BinaryPrimitives.ReadUInt64LittleEndian(objectHead.AsSpan(8));
                if (size >= 16 && size <= (ulong)length - tail)
                {
                    used = Math.Min(length, JournalLayout.Align8((long)tail + (long)size));
                }
            }
        }

        if (used > Array.MaxLength)
        {
            throw new IOException($"file too large to read ({used} bytes)");
        }

        var bytes = new byte[used];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                Array.Resize(ref bytes, read);
                break;
            }

            read += n;
        }

        return bytes;
    }

    public static JournalFile? FromBytes(byte[] bytes, out string? error, string? path = null) => FromBytes(bytes, out error, path, bytes?.Length ?? 0);

    private static JournalFile? FromBytes(byte[] bytes, out string? error, string? path, long fileLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var header = ReadHeader(bytes);
            var limit = (long)Math.Min((ulong)bytes.Length, SaturatingAdd(header.HeaderSize, header.ArenaSize));
            error = null;
            return new JournalFile(path, bytes, header, limit) { FileLength = fileLength };
        }
        catch (JournalCorruptException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a + b < a ? ulong.MaxValue : a + b;

    private static JournalHeader ReadHeader(byte[] b)
    {
        if (b.Length < JournalLayout.HeaderSizeMin)
        {
            throw new JournalCorruptException($"file too short for a journal header ({b.Length} bytes)");
        }

        if (!b.AsSpan(0, 8).SequenceEqual(JournalLayout.Signature))
        {
            throw new JournalCorruptException("not a journal file (bad signature)");
        }

        var incompatible = (JournalIncompatibleFlags)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12));
        if ((incompatible & ~Known) != 0)
        {
            throw new JournalCorruptException($"unsupported incompatible flags 0x{(uint)(incompatible & ~Known):x}");
        }

        var headerSize = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(JournalLayout.HHeaderSize));
        if (headerSize < JournalLayout.HeaderSizeMin || headerSize > (ulong)b.Length || headerSize % 8 != 0)
        {
            throw new JournalCorruptException($"bad header size {headerSize}");
        }

        var hs = (int)headerSize;
        ulong U64(int at) => at + 8 <= hs ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)) : 0;
        uint U32(int at) => at + 4 <= hs ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : 0;
        var state = b[JournalLayout.HState];
        if (state > (byte)JournalState.Archived)
        {
            throw new JournalCorruptException($"unknown file state {state}");
        }

        return new JournalHeader
        {
            CompatibleFlags = (JournalCompatibleFlags)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)),
            IncompatibleFlags = incompatible,
            State = (JournalState)state,
            FileId = Id128.FromBytes(b.AsSpan(JournalLayout.HFileId, 16)),
            MachineId = Id128.FromBytes(b.AsSpan(JournalLayout.HMachineId, 16)),
            TailEntryBootId = Id128.FromBytes(b.AsSpan(JournalLayout.HTailEntryBootId, 16)),
            SeqnumId = Id128.FromBytes(b.AsSpan(JournalLayout.HSeqnumId, 16)),
            HeaderSize = headerSize,
            ArenaSize = U64(JournalLayout.HArenaSize),
            DataHashTableOffset = U64(JournalLayout.HDataHashTableOffset),
            DataHashTableSize = U64(JournalLayout.HDataHashTableSize),
            FieldHashTableOffset = U64(JournalLayout.HFieldHashTableOffset),
            FieldHashTableSize = U64(JournalLayout.HFieldHashTableSize),
            TailObjectOffset = U64(JournalLayout.HTailObjectOffset),
            NObjects = U64(JournalLayout.HNObjects),
            NEntries = U64(JournalLayout.HNEntries),
            TailEntrySeqnum = U64(JournalLayout.HTailEntrySeqnum),
            HeadEntrySeqnum = U64(JournalLayout.HHeadEntrySeqnum),
            EntryArrayOffset = U64(JournalLayout.HEntryArrayOffset),
            HeadEntryRealtime = U64(JournalLayout.HHeadEntryRealtime),
            TailEntryRealtime = U64(JournalLayout.HTailEntryRealtime),
            TailEntryMonotonic = U64(JournalLayout.HTailEntryMonotonic),
            NData = U64(JournalLayout.HNData),
            NFields = U64(JournalLayout.HNFields),
            NTags = U64(JournalLayout.HNTags),
            NEntryArrays = U64(JournalLayout.HNEntryArrays),
            DataHashChainDepth = U64(JournalLayout.HDataHashChainDepth),
            FieldHashChainDepth = U64(JournalLayout.HFieldHashChainDepth),
            TailEntryArrayOffset = U32(JournalLayout.HTailEntryArrayOffset),
            TailEntryArrayNEntries = U32(JournalLayout.HTailEntryArrayNEntries),
        };
    }

    // ---------------------------------------------------------------- entries

    /// <summary>
    /// Offsets of all entry objects in file order, from the chain of entry arrays. If the chain is broken the
    /// list holds the entries before the break and <see cref="LastError"/> says what broke.
    /// </summary>
    public IReadOnlyList<long> EntryOffsets
    {
        get
        {
            if (_entryOffsets is null)
            {
                var list = new List<long>();
                try
                {
                    WalkEntryArrays((long)Header.EntryArrayOffset, Header.NEntries, list, 0);
                }
                catch (JournalCorruptException e)
                {
                    LastError = $"entry array chain: {e.Message}";
                }

                _entryOffsets = [.. list];
            }

            return _entryOffsets;
        }
    }

    /// <summary>All entries, oldest first (or newest first). Stops at the first unreadable entry (see <see cref="LastError"/>).</summary>
    public IEnumerable<JournalEntry> Entries(bool reverse = false) => EntriesFrom(reverse ? EntryOffsets.Count - 1 : 0, reverse);

    /// <summary>Entries from index <paramref name="start"/> of <see cref="EntryOffsets"/> on, in either direction.</summary>
    public IEnumerable<JournalEntry> EntriesFrom(int start, bool reverse = false)
    {
        var offsets = EntryOffsets;
        for (var i = start; i >= 0 && i < offsets.Count; i += reverse ? -1 : 1)
        {
            var entry = ReadEntry(offsets[i], out var error);
            if (entry is null)
            {
                LastError = error;
                yield break;
            }

            yield return entry;
        }
    }

    public JournalEntry? ReadEntry(long offset, out string? error)
    {
        try
        {
            error = null;
            return ReadEntryCore(offset);
        }
        catch (JournalCorruptException e)
        {
            error = $"entry at offset {offset}: {e.Message}";
            return null;
        }
    }

    private JournalEntry ReadEntryCore(long offset)
    {
        var size = ObjectAt(offset, JournalObjectType.Entry, JournalLayout.EntryItems);
        var itemSize = JournalLayout.EntryItemSize(_compact);
        var n = (size - JournalLayout.EntryItems) / itemSize;
        if (n == 0)
        {
            throw new JournalCorruptException("entry has no fields");
        }

        var fields = new List<JournalEntryField>((int)Math.Min(n, 1024));
        for (long i = 0; i < n; i++)
        {
            var at = offset + JournalLayout.EntryItems + (i * itemSize);
            var dataOffset = _compact ? U32(at) : (long)Math.Min(U64(at), long.MaxValue);
            try
            {
                fields.Add(new JournalEntryField(dataOffset, DataPayload(dataOffset), null));
            }
            catch (FieldException e)
            {
                fields.Add(new JournalEntryField(dataOffset, null, e.Message));
            }
        }

        return new JournalEntry(
            offset,
            U64(offset + JournalLayout.EntrySeqnum),
            U64(offset + JournalLayout.EntryRealtime),
            U64(offset + JournalLayout.EntryMonotonic),
            Id128.FromBytes(Span(offset + JournalLayout.EntryBootId, 16)),
            U64(offset + JournalLayout.EntryXorHash),
            Header.SeqnumId,
            fields);
    }

    private (ulong Seqnum, ulong Realtime, ulong Monotonic, Id128 Boot) EntryStamps(long offset)
    {
        ObjectAt(offset, JournalObjectType.Entry, JournalLayout.EntryItems);
        return (U64(offset + JournalLayout.EntrySeqnum), U64(offset + JournalLayout.EntryRealtime),
            U64(offset + JournalLayout.EntryMonotonic), Id128.FromBytes(Span(offset + JournalLayout.EntryBootId, 16)));
    }

    /// <summary>Index of the first entry at or after <paramref name="realtime"/> (µs since the epoch), or -1.</summary>
    public int SeekRealtime(ulong realtime) => LowerBound(o => EntryStamps(o).Realtime, realtime);

    /// <summary>Index of the first entry with at least this sequence number, or -1.</summary>
    public int SeekSeqnum(ulong seqnum) => LowerBound(o => EntryStamps(o).Seqnum, seqnum);

    /// <summary>
    /// Index of the entry a cursor names, or of the first one after it (as <c>journalctl --cursor</c>); -1 when
    /// the cursor is past the end or does not parse.
    /// </summary>
    public int SeekCursor(string cursor)
    {
        var c = JournalCursor.Parse(cursor);
        if (c is null)
        {
            return -1;
        }

        if (c.Seqnum is { } seqnum && (c.SeqnumId is null || c.SeqnumId == Header.SeqnumId))
        {
            return SeekSeqnum(seqnum);
        }

        if (c.BootId is { } boot && c.Monotonic is { } mono)
        {
            var offsets = EntryOffsets;
            for (var i = 0; i < offsets.Count; i++)
            {
                var s = TryStamps(offsets[i]);
                if (s is { } st && st.Boot == boot && st.Monotonic >= mono)
                {
                    return i;
                }
            }
        }

        return c.Realtime is { } rt ? SeekRealtime(rt) : -1;
    }

    private (ulong Seqnum, ulong Realtime, ulong Monotonic, Id128 Boot)? TryStamps(long offset)
    {
        try
        {
            return EntryStamps(offset);
        }
        catch (JournalCorruptException)
        {
            return null;
        }
    }

    private int LowerBound(Func<long, ulong> key, ulong value)
    {
        var offsets = EntryOffsets;
        int lo = 0, hi = offsets.Count;
        try
        {
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (key(offsets[mid]) < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
        }
        catch (JournalCorruptException e)
        {
            LastError = e.Message;
            return -1;
        }

        return lo < offsets.Count ? lo : -1;
    }

    // ---------------------------------------------------------------- data and fields

    /// <summary>Hashes a payload (or field name) the way this file does.</summary>
    public ulong Hash(ReadOnlySpan<byte> bytes) => Header.IsKeyedHash ? SipHash24.Hash(bytes, _hashKey) : Lookup3.Hash64(bytes);

    /// <summary>Offset of the data object holding exactly <paramref name="payload"/> (NAME=value), or 0.</summary>
    public long FindData(ReadOnlySpan<byte> payload)
    {
        try
        {
            var hash = Hash(payload);
            foreach (var o in HashChain(Header.DataHashTableOffset, Header.DataHashTableSize, hash, JournalObjectType.Data, JournalLayout.DataNextHashOffset))
            {
                if (U64(o + JournalLayout.DataHash) != hash)
                {
                    continue;
                }

                try
                {
                    if (DataPayload(o).AsSpan().SequenceEqual(payload))
                    {
                        return o;
                    }
                }
                catch (FieldException)
                {
                    // An unreadable candidate is not a match.
                }
            }
        }
        catch (JournalCorruptException e)
        {
            LastError = $"data hash table: {e.Message}";
        }

        return 0;
    }

    /// <summary>Indexes (into <see cref="EntryOffsets"/>) of the entries that carry NAME=value, in file order.</summary>
    public IReadOnlyList<int> EntriesMatching(string name, ReadOnlySpan<byte> value)
    {
        var payload = new JournalField(name, value.ToArray()).ToPayload();
        var data = FindData(payload);
        if (data == 0)
        {
            return [];
        }

        var list = new List<long>();
        try
        {
            var n = U64(data + JournalLayout.DataNEntries);
            var first = (long)Math.Min(U64(data + JournalLayout.DataEntryOffset), long.MaxValue);
            if (n > 0 && first != 0)
            {
                list.Add(first);
                WalkEntryArrays((long)Math.Min(U64(data + JournalLayout.DataEntryArrayOffset), long.MaxValue), n - 1, list, first);
            }
        }
        catch (JournalCorruptException e)
        {
            LastError = $"entries of data object at {data}: {e.Message}";
        }

        var all = EntryOffsets;
        var result = new List<int>(list.Count);
        foreach (var o in list)
        {
            var i = BinarySearch(all, o);
            if (i >= 0)
            {
                result.Add(i);
            }
        }

        return result;
    }

    private static int BinarySearch(IReadOnlyList<long> list, long value)
    {
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (list[mid] == value)
            {
                return mid;
            }

            if (list[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>Every value stored for a field (as <c>journalctl -F</c>), in the field's list order.</summary>
    public IReadOnlyList<byte[]> FieldValues(string name)
    {
        var result = new List<byte[]>();
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        try
        {
            var field = FindField(nameBytes);
            if (field == 0)
            {
                return result;
            }

            var visited = new HashSet<long>();
            var d = (long)Math.Min(U64(field + JournalLayout.FieldHeadDataOffset), long.MaxValue);
            while (d != 0)
            {
                if (!visited.Add(d) || (ulong)visited.Count > Header.NData + 1)
                {
                    throw new JournalCorruptException($"cycle in the data list of field {name}");
                }

                ObjectAt(d, JournalObjectType.Data, JournalLayout.DataPayloadOffset(_compact));
                try
                {
                    var payload = DataPayload(d);
                    if (payload.Length > nameBytes.Length && payload[nameBytes.Length] == '=' && payload.AsSpan().StartsWith(nameBytes))
                    {
                        result.Add(payload[(nameBytes.Length + 1)..]);
                    }
                }
                catch (FieldException e)
                {
                    LastError = e.Message;
                }

                d = (long)Math.Min(U64(d + JournalLayout.DataNextFieldOffset), long.MaxValue);
            }
        }
        catch (JournalCorruptException e)
        {
            LastError = $"field {name}: {e.Message}";
        }

        return result;
    }

    /// <summary>Every field name in the file (as <c>journalctl -N</c>), in hash-table order.</summary>
    public IReadOnlyList<string> FieldNames()
    {
        var result = new List<string>();
        try
        {
            var buckets = Buckets(Header.FieldHashTableOffset, Header.FieldHashTableSize);
            var seen = new HashSet<long>();
            for (long b = 0; b < buckets; b++)
            {
                var o = (long)Math.Min(U64((long)Header.FieldHashTableOffset + (b * JournalLayout.HashItemSize)), long.MaxValue);
                while (o != 0)
                {
                    if (!seen.Add(o) || (ulong)seen.Count > Header.NFields + 1)
                    {
                        throw new JournalCorruptException("cycle in the field hash table");
                    }

                    var size = ObjectAt(o, JournalObjectType.Field, JournalLayout.FieldPayload);
                    result.Add(System.Text.Encoding.UTF8.GetString(Span(o + JournalLayout.FieldPayload, size - JournalLayout.FieldPayload)));
                    o = (long)Math.Min(U64(o + JournalLayout.FieldNextHashOffset), long.MaxValue);
                }
            }
        }
        catch (JournalCorruptException e)
        {
            LastError = $"field hash table: {e.Message}";
        }

        return result;
    }

    private long FindField(byte[] name)
    {
        var hash = Hash(name);
        foreach (var o in HashChain(Header.FieldHashTableOffset, Header.FieldHashTableSize, hash, JournalObjectType.Field, JournalLayout.FieldNextHashOffset))
        {
            var size = ObjectAt(o, JournalObjectType.Field, JournalLayout.FieldPayload);
            if (U64(o + JournalLayout.FieldHash) == hash && Span(o + JournalLayout.FieldPayload, size - JournalLayout.FieldPayload).SequenceEqual(name))
            {
                return o;
            }
        }

        return 0;
    }

    private long Buckets(ulong tableOffset, ulong tableSize)
    {
        if (tableSize == 0 || tableSize % JournalLayout.HashItemSize != 0 || tableOffset < Header.HeaderSize
            || SaturatingAdd(tableOffset, tableSize) > (ulong)_limit)
        {
            throw new JournalCorruptException("hash table out of bounds");
        }

        return (long)(tableSize / JournalLayout.HashItemSize);
    }

    private List<long> HashChain(ulong tableOffset, ulong tableSize, ulong hash, JournalObjectType type, int nextField)
    {
        var buckets = Buckets(tableOffset, tableSize);
        var bucket = (long)(hash % (ulong)buckets);
        var chain = new List<long>();
        var seen = new HashSet<long>();
        var o = (long)Math.Min(U64((long)tableOffset + (bucket * JournalLayout.HashItemSize)), long.MaxValue);
        while (o != 0)
        {
            if (!seen.Add(o))
            {
                throw new JournalCorruptException("cycle in a hash chain");
            }

            ObjectAt(o, type, nextField + 8);
            chain.Add(o);
            o = (long)Math.Min(U64(o + nextField), long.MaxValue);
        }

        return chain;
    }

    /// <summary>The decompressed NAME=value of a data object; a damaged object throws <see cref="FieldException"/>.</summary>
    internal byte[] DataPayload(long offset)
    {
        long size;
        try
        {
            size = ObjectAt(offset, JournalObjectType.Data, JournalLayout.DataPayloadOffset(_compact));
        }
        catch (JournalCorruptException e)
        {
            throw new FieldException($"data object at {offset}: {e.Message}");
        }

        var stored = Span(offset + JournalLayout.DataPayloadOffset(_compact), size - JournalLayout.DataPayloadOffset(_compact));
        var flags = _bytes[offset + 1];
        if (flags == 0)
        {
            return stored.ToArray();
        }

        var kind = flags switch
        {
            1 => JournalCompression.Xz,
            2 => JournalCompression.Lz4,
            4 => JournalCompression.Zstd,
            _ => (JournalCompression)flags,
        };
        return Compression.Decompress(kind, stored, MaxFieldSize, out var error)
            ?? throw new FieldException($"data object at {offset}: {error}");
    }

    internal void WalkEntryArrays(long array, ulong count, List<long> into, long previous)
    {
        var visited = new HashSet<long>();
        var itemSize = JournalLayout.EntryArrayItemSize(_compact);
        ulong taken = 0;
        while (array != 0 && taken < count)
        {
            if (!visited.Add(array))
            {
                throw new JournalCorruptException("cycle in a chain of entry arrays");
            }

            var size = ObjectAt(array, JournalObjectType.EntryArray, JournalLayout.EntryArrayItems);
            var n = (size - JournalLayout.EntryArrayItems) / itemSize;
            for (long i = 0; i < n && taken < count; i++)
            {
                var at = array + JournalLayout.EntryArrayItems + (i * itemSize);
                var entry = _compact ? U32(at) : (long)Math.Min(U64(at), long.MaxValue);
                if (entry == 0)
                {
                    break;
                }

                if (entry <= previous)
                {
                    throw new JournalCorruptException($"entry offsets not increasing in the entry array at {array}");
                }

                if (entry >= _limit)
                {
                    throw new JournalCorruptException($"entry offset {entry} beyond the end of the file");
                }

                into.Add(entry);
                previous = entry;
                taken++;
            }

            array = (long)Math.Min(U64(array + JournalLayout.EntryArrayNext), long.MaxValue);
        }
    }

    // ---------------------------------------------------------------- bounds-checked primitives

    /// <summary>Every object from the end of the header to the tail object, in file order.</summary>
    internal List<(long Offset, JournalObjectType Type, long Size)> Objects()
    {
        var list = new List<(long, JournalObjectType, long)>();
        var o = (long)Header.HeaderSize;
        var tail = (long)Math.Min(Header.TailObjectOffset, long.MaxValue);
        while (o != 0 && o <= tail)
        {
            var type = (JournalObjectType)Span(o, 1)[0];
            var size = ObjectAt(o, type, JournalLayout.ObjectHeaderSize);
            list.Add((o, type, size));
            if (o == tail)
            {
                return list;
            }

            o += JournalLayout.Align8(size);
        }

        throw new JournalCorruptException("the tail object is not where the header says");
    }

    /// <summary>Checks an object header at <paramref name="offset"/> and returns the object's size.</summary>
    internal long ObjectAt(long offset, JournalObjectType type, int minSize)
    {
        if (offset < (long)Header.HeaderSize || offset % 8 != 0 || offset > _limit - JournalLayout.ObjectHeaderSize)
        {
            throw new JournalCorruptException($"object offset {offset} out of bounds");
        }

        var actual = (JournalObjectType)_bytes[offset];
        if (actual != type)
        {
            throw new JournalCorruptException($"object at {offset} is {actual}, expected {type}");
        }

        var size = BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)offset + 8));
        if (size < (ulong)minSize || size > (ulong)(_limit - offset))
        {
            throw new JournalCorruptException($"object at {offset} has bad size {size}");
        }

        return (long)size;
    }

    private ReadOnlySpan<byte> Span(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > _limit || length > _limit - offset)
        {
            throw new JournalCorruptException($"read at {offset}+{length} out of bounds");
        }

        return _bytes.AsSpan((int)offset, (int)length);
    }

    internal long Length => _bytes.Length;

    internal byte ObjectFlags(long offset) => Span(offset + 1, 1)[0];

    internal ReadOnlySpan<byte> Bytes(long offset, long length) => Span(offset, length);

    internal ulong U64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Span(offset, 8));

    internal long U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Span(offset, 4));

    internal sealed class FieldException(string message) : Exception(message);
}

/// <summary>A structural problem in a journal file; never escapes the public API.</summary>
internal sealed class JournalCorruptException(string message) : Exception(message);
