using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Steward.Journal.Hashing;

namespace Steward.Journal;

/// <summary>
/// Writes a new journal file in systemd 252's format. The file is marked online while open and offline when
/// disposed, so a crash leaves a file that readers accept (and journald would treat as dirty).
/// Not thread-safe.
/// </summary>
public sealed partial class JournalWriter : IDisposable
{
    private readonly MappedFile _file;
    private readonly JournalWriterOptions _options;
    private readonly bool _compact;
    private readonly bool _keyed;
    private readonly JournalCompression _compression;
    private readonly byte[] _hashKey;
    private readonly Dictionary<ulong, List<DataState>> _data = [];
    private readonly Dictionary<string, FieldState> _fields = new(StringComparer.Ordinal);
    private readonly HashTable _dataTable;
    private readonly HashTable _fieldTable;
    private readonly Chain _entries = new();
    private readonly byte[] _header = new byte[JournalLayout.HeaderSize252];
    private long _end;
    private long _tailObject;
    private ulong _nObjects, _nData, _nFields, _nEntryArrays;
    private ulong _nextSeqnum, _headSeqnum, _tailSeqnum, _headRealtime, _tailRealtime, _tailMonotonic;
    private Id128 _tailBootId;
    private JournalState _state = JournalState.Online;
    private bool _closed;

    private JournalWriter(string path, SafeFileHandle handle, JournalWriterOptions options, JournalHeader? existing = null)
    {
        Path = path;
        _file = new MappedFile(handle, options.GrowthStep);
        _options = options;
        if (existing is null)
        {
            _compact = options.Compact;
            _keyed = options.KeyedHash;
            _compression = options.Compression;
            FileId = options.FileId;
            MachineId = options.MachineId ?? SystemIds.MachineId();
            SeqnumId = options.SeqnumId ?? FileId;
            _tailBootId = options.BootId ?? SystemIds.BootId();
            _nextSeqnum = options.FirstSeqnum == 0 ? 1 : options.FirstSeqnum;
            _dataTable = new HashTable(options.DataHashTableBuckets ?? JournalWriterOptions.DataBucketsForMaxSize(options.MaxFileSize));
            _fieldTable = new HashTable(options.FieldHashTableBuckets);
        }
        else
        {
            _compact = existing.IsCompact;
            _keyed = existing.IsKeyedHash;
            _compression = existing.IncompatibleFlags.HasFlag(JournalIncompatibleFlags.CompressedZstd) ? JournalCompression.Zstd
                : existing.IncompatibleFlags.HasFlag(JournalIncompatibleFlags.CompressedLz4) ? JournalCompression.Lz4 : JournalCompression.None;
            FileId = existing.FileId;
            MachineId = existing.MachineId;
            SeqnumId = existing.SeqnumId;
            _tailBootId = existing.TailEntryBootId;
            _nextSeqnum = existing.TailEntrySeqnum + 1;
            _dataTable = new HashTable((int)(existing.DataHashTableSize / JournalLayout.HashItemSize)) { Offset = (long)existing.DataHashTableOffset };
            _fieldTable = new HashTable((int)(existing.FieldHashTableSize / JournalLayout.HashItemSize)) { Offset = (long)existing.FieldHashTableOffset };
        }

        _hashKey = FileId.ToBytes();
        _end = JournalLayout.HeaderSize252;
    }

    public string Path { get; }

    public Id128 FileId { get; }

    public Id128 MachineId { get; }

    public Id128 SeqnumId { get; }

    /// <summary>Bytes in the file so far (callers rotate on this).</summary>
    public long Size => _end;

    public ulong EntryCount => _entries.Total;

    public ulong HeadSeqnum => _headSeqnum;

    public ulong HeadRealtime => _headRealtime;

    /// <summary>The next sequence number, for the next file after rotation.</summary>
    public ulong NextSeqnum => _nextSeqnum;

    public JournalIncompatibleFlags IncompatibleFlags =>
        (_keyed ? JournalIncompatibleFlags.KeyedHash : 0)
        | (_compact ? JournalIncompatibleFlags.Compact : 0)
        | _compression switch
        {
            JournalCompression.Zstd => JournalIncompatibleFlags.CompressedZstd,
            JournalCompression.Lz4 => JournalIncompatibleFlags.CompressedLz4,
            _ => JournalIncompatibleFlags.None,
        };

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes the header and both hash tables.</summary>
    public static JournalWriter Create(string path, JournalWriterOptions? options = null)
    {
        options ??= new JournalWriterOptions();
        if (options.DataHashTableBuckets is < 1 || options.FieldHashTableBuckets < 1)
        {
            throw new ArgumentException("Hash tables need at least one bucket.", nameof(options));
        }

        if (options.Compression == JournalCompression.Xz)
        {
            throw new NotSupportedException("XZ compression is not supported for writing.");
        }

        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        JournalWriter writer;
        try
        {
            writer = new JournalWriter(path, handle, options);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        try
        {
            writer.Initialize();
        }
        catch
        {
            writer._file.Dispose();
            throw;
        }

        return writer;
    }

    private void Initialize()
    {
        WriteHeader();
        _fieldTable.Offset = AppendObject(JournalObjectType.FieldHashTable, 0, new byte[_fieldTable.Buckets * JournalLayout.HashItemSize]) + JournalLayout.ObjectHeaderSize;
        _dataTable.Offset = AppendObject(JournalObjectType.DataHashTable, 0, new byte[_dataTable.Buckets * JournalLayout.HashItemSize]) + JournalLayout.ObjectHeaderSize;
        WriteHeader();
    }

    /// <summary>Appends one entry stamped with the current clocks and boot.</summary>
    public ulong Append(IReadOnlyList<JournalField> fields) =>
        Append(fields, Clocks.RealtimeNow(), Clocks.MonotonicNow(), _options.BootId ?? SystemIds.BootId());

    /// <summary>Appends one entry; returns its sequence number.</summary>
    public ulong Append(IReadOnlyList<JournalField> fields, ulong realtime, ulong monotonic, Id128 bootId)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("An entry needs at least one field.", nameof(fields));
        }

        if (!JournalLayout.ValidRealtime(realtime))
        {
            throw new ArgumentOutOfRangeException(nameof(realtime), "Realtime must be non-zero and below 2^55 µs.");
        }

        if (!JournalLayout.ValidMonotonic(monotonic))
        {
            throw new ArgumentOutOfRangeException(nameof(monotonic), "Monotonic must be below 2^55 µs.");
        }

        var items = new List<(long Offset, ulong Hash)>(fields.Count);
        ulong xor = 0;
        foreach (var f in fields)
        {
            var name = System.Text.Encoding.ASCII.GetBytes(f.Name);
            if (f.Name.Length != name.Length || !JournalLayout.IsValidFieldName(name))
            {
                throw new ArgumentException($"Invalid field name '{f.Name}'.", nameof(fields));
            }

            var payload = f.ToPayload();
            var data = FindOrAppendData(payload, f.Name);
            xor ^= _keyed ? Lookup3.Hash64(payload) : data.Hash;
            items.Add((data.Offset, data.Hash));
        }

        items.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        for (var i = items.Count - 1; i > 0; i--)
        {
            if (items[i].Offset == items[i - 1].Offset)
            {
                items.RemoveAt(i);
            }
        }

        var itemSize = JournalLayout.EntryItemSize(_compact);
        var body = new byte[JournalLayout.EntryItems - JournalLayout.ObjectHeaderSize + items.Count * itemSize];
        var seqnum = _nextSeqnum;
        Put64(body, JournalLayout.EntrySeqnum, seqnum);
        Put64(body, JournalLayout.EntryRealtime, realtime);
        Put64(body, JournalLayout.EntryMonotonic, monotonic);
        bootId.WriteTo(body.AsSpan(JournalLayout.EntryBootId - JournalLayout.ObjectHeaderSize));
        Put64(body, JournalLayout.EntryXorHash, xor);
        for (var i = 0; i < items.Count; i++)
        {
            var at = JournalLayout.EntryItems - JournalLayout.ObjectHeaderSize + i * itemSize;
            if (_compact)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(at), (uint)items[i].Offset);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(at), (ulong)items[i].Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(at + 8), items[i].Hash);
            }
        }

        var entry = AppendObject(JournalObjectType.Entry, 0, body);
        Link(_entries, entry);

        foreach (var (offset, hash) in items)
        {
            var data = FindState(hash, offset);
            data.NEntries++;
            if (data.NEntries == 1)
            {
                Write64(offset + JournalLayout.DataEntryOffset, (ulong)entry);
            }
            else
            {
                var hadHead = data.Entries.Head;
                Link(data.Entries, entry);
                if (hadHead == 0)
                {
                    Write64(offset + JournalLayout.DataEntryArrayOffset, (ulong)data.Entries.Head);
                }

                if (_compact)
                {
                    var tail = new byte[8];
                    BinaryPrimitives.WriteUInt32LittleEndian(tail, (uint)data.Entries.Tail);
                    BinaryPrimitives.WriteUInt32LittleEndian(tail.AsSpan(4), (uint)data.Entries.TailCount);
                    WriteAt(offset + JournalLayout.DataCompactTailEntryArrayOffset, tail);
                }
            }

            Write64(offset + JournalLayout.DataNEntries, data.NEntries);
        }

        if (_headSeqnum == 0)
        {
            _headSeqnum = seqnum;
            _headRealtime = realtime;
        }

        _tailSeqnum = seqnum;
        _tailRealtime = realtime;
        _tailMonotonic = monotonic;
        _tailBootId = bootId;
        _nextSeqnum = seqnum + 1;
        WriteHeader();
        return seqnum;
    }

    /// <summary>Marks the file offline, flushes it to disk and closes it.</summary>
    public void Dispose() => Close(JournalState.Offline);

    /// <summary>Closes the file as archived (a rotated file journald will not write to again).</summary>
    public void Archive() => Close(JournalState.Archived);

    private void Close(JournalState state)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _state = state;
            WriteHeader();
            _file.Flush();
        }
        finally
        {
            _file.Dispose();
        }
    }

    private DataState FindState(ulong hash, long offset)
    {
        foreach (var d in _data[hash])
        {
            if (d.Offset == offset)
            {
                return d;
            }
        }

        throw new UnreachableException();
    }

    private DataState FindOrAppendData(byte[] payload, string fieldName)
    {
        var hash = Hash(payload);
        if (_data.TryGetValue(hash, out var candidates))
        {
            foreach (var c in candidates)
            {
                if (c.Length == payload.Length && ReadBack(c).AsSpan().SequenceEqual(payload))
                {
                    return c;
                }
            }
        }
        else
        {
            candidates = [];
            _data[hash] = candidates;
        }

        var compression = JournalCompression.None;
        var stored = (byte[]?)null;
        if (_compression != JournalCompression.None && payload.Length >= _options.CompressThreshold)
        {
            stored = Compression.Compress(_compression, payload);
            if (stored is not null)
            {
                compression = _compression;
            }
        }

        stored ??= payload;
        var payloadAt = JournalLayout.DataPayloadOffset(_compact) - JournalLayout.ObjectHeaderSize;
        var body = new byte[payloadAt + stored.Length];
        Put64(body, JournalLayout.DataHash, hash);
        stored.CopyTo(body, payloadAt);
        var offset = AppendObject(JournalObjectType.Data, (byte)compression, body);
        _nData++;
        var state = new DataState(offset, hash, payload.Length, compression, payload.Length <= 256 ? payload : null);
        candidates.Add(state);
        LinkHash(_dataTable, hash, offset, JournalLayout.DataNextHashOffset);

        var field = FindOrAppendField(fieldName);
        if (field.HeadData != 0)
        {
            Write64(offset + JournalLayout.DataNextFieldOffset, (ulong)field.HeadData);
        }

        field.HeadData = offset;
        Write64(field.Offset + JournalLayout.FieldHeadDataOffset, (ulong)offset);
        return state;
    }

    private FieldState FindOrAppendField(string name)
    {
        if (_fields.TryGetValue(name, out var field))
        {
            return field;
        }

        var bytes = System.Text.Encoding.ASCII.GetBytes(name);
        var hash = Hash(bytes);
        var body = new byte[JournalLayout.FieldPayload - JournalLayout.ObjectHeaderSize + bytes.Length];
        Put64(body, JournalLayout.FieldHash, hash);
        bytes.CopyTo(body, JournalLayout.FieldPayload - JournalLayout.ObjectHeaderSize);
        var offset = AppendObject(JournalObjectType.Field, 0, body);
        _nFields++;
        LinkHash(_fieldTable, hash, offset, JournalLayout.FieldNextHashOffset);
        field = new FieldState(offset);
        _fields[name] = field;
        return field;
    }

    private byte[] ReadBack(DataState d)
    {
        if (d.Payload is not null)
        {
            return d.Payload;
        }

        var payloadAt = d.Offset + JournalLayout.DataPayloadOffset(_compact);
        var stored = new byte[(long)_file.Read64(d.Offset + 8) - JournalLayout.DataPayloadOffset(_compact)];
        _file.Read(payloadAt, stored);
        if (d.Compression == JournalCompression.None)
        {
            return stored;
        }

        return Compression.Decompress(d.Compression, stored, Compression.MaxPayload, out var error)
            ?? throw new IOException($"Cannot read back data object at {d.Offset}: {error}");
    }

    private ulong Hash(ReadOnlySpan<byte> bytes) =>
        _keyed ? SipHash24.Hash(bytes, _hashKey) : Lookup3.Hash64(bytes);

    private void LinkHash(HashTable table, ulong hash, long offset, int nextField)
    {
        var bucket = (int)(hash % (ulong)table.Buckets);
        var item = table.Offset + bucket * JournalLayout.HashItemSize;
        if (table.Tail[bucket] == 0)
        {
            Write64(item, (ulong)offset);
        }
        else
        {
            Write64(table.Tail[bucket] + nextField, (ulong)offset);
        }

        table.Tail[bucket] = offset;
        Write64(item + 8, (ulong)offset);
        table.Depth[bucket]++;
        table.MaxDepth = Math.Max(table.MaxDepth, table.Depth[bucket]);
    }

    /// <summary>Adds an entry to a chain of entry arrays, growing it by arrays of doubling capacity.</summary>
    private void Link(Chain chain, long entry)
    {
        var itemSize = JournalLayout.EntryArrayItemSize(_compact);
        if (chain.Tail != 0 && chain.TailCount < chain.TailCapacity)
        {
            WriteItem(chain.Tail + JournalLayout.EntryArrayItems + chain.TailCount * itemSize, entry);
            chain.TailCount++;
        }
        else
        {
            var capacity = chain.TailCapacity == 0 ? 4 : checked(chain.TailCapacity * 2);
            var body = new byte[JournalLayout.EntryArrayItems - JournalLayout.ObjectHeaderSize + capacity * itemSize];
            if (_compact)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(JournalLayout.EntryArrayItems - JournalLayout.ObjectHeaderSize), (uint)entry);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(JournalLayout.EntryArrayItems - JournalLayout.ObjectHeaderSize), (ulong)entry);
            }

            var array = AppendObject(JournalObjectType.EntryArray, 0, body);
            _nEntryArrays++;
            if (chain.Tail != 0)
            {
                Write64(chain.Tail + JournalLayout.EntryArrayNext, (ulong)array);
            }
            else
            {
                chain.Head = array;
            }

            chain.Tail = array;
            chain.TailCapacity = capacity;
            chain.TailCount = 1;
        }

        chain.Total++;
    }

    private void WriteItem(long at, long value)
    {
        if (_compact)
        {
            _file.Write32(at, (uint)value);
        }
        else
        {
            Write64(at, (ulong)value);
        }
    }

    private long AppendObject(JournalObjectType type, byte flags, byte[] body)
    {
        var size = JournalLayout.ObjectHeaderSize + (long)body.Length;
        var offset = _end;
        if (_compact && JournalLayout.Align8(offset + size) > uint.MaxValue)
        {
            throw new IOException("Compact journal files cannot grow beyond 4 GiB; rotate first.");
        }

        var head = new byte[JournalLayout.ObjectHeaderSize];
        head[0] = (byte)type;
        head[1] = flags;
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(8), (ulong)size);
        _file.EnsureCapacity(offset + JournalLayout.Align8(size));
        _file.Write(offset, head);
        _file.Write(offset + JournalLayout.ObjectHeaderSize, body);

        _end = offset + JournalLayout.Align8(size);
        _tailObject = offset;
        _nObjects++;
        return offset;
    }

    private void WriteHeader()
    {
        var h = _header.AsSpan();
        JournalLayout.Signature.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)IncompatibleFlags);
        h[JournalLayout.HState] = (byte)_state;
        FileId.WriteTo(h[JournalLayout.HFileId..]);
        MachineId.WriteTo(h[JournalLayout.HMachineId..]);
        _tailBootId.WriteTo(h[JournalLayout.HTailEntryBootId..]);
        SeqnumId.WriteTo(h[JournalLayout.HSeqnumId..]);
        Put(h, JournalLayout.HHeaderSize, JournalLayout.HeaderSize252);
        Put(h, JournalLayout.HArenaSize, (ulong)(Math.Max(_end, _file.Capacity) - JournalLayout.HeaderSize252));
        Put(h, JournalLayout.HDataHashTableOffset, (ulong)_dataTable.Offset);
        Put(h, JournalLayout.HDataHashTableSize, (ulong)_dataTable.Buckets * JournalLayout.HashItemSize);
        Put(h, JournalLayout.HFieldHashTableOffset, (ulong)_fieldTable.Offset);
        Put(h, JournalLayout.HFieldHashTableSize, (ulong)_fieldTable.Buckets * JournalLayout.HashItemSize);
        Put(h, JournalLayout.HTailObjectOffset, (ulong)_tailObject);
        Put(h, JournalLayout.HNObjects, _nObjects);
        Put(h, JournalLayout.HNEntries, _entries.Total);
        Put(h, JournalLayout.HTailEntrySeqnum, _tailSeqnum);
        Put(h, JournalLayout.HHeadEntrySeqnum, _headSeqnum);
        Put(h, JournalLayout.HEntryArrayOffset, (ulong)_entries.Head);
        Put(h, JournalLayout.HHeadEntryRealtime, _headRealtime);
        Put(h, JournalLayout.HTailEntryRealtime, _tailRealtime);
        Put(h, JournalLayout.HTailEntryMonotonic, _tailMonotonic);
        Put(h, JournalLayout.HNData, _nData);
        Put(h, JournalLayout.HNFields, _nFields);
        Put(h, JournalLayout.HNTags, 0);
        Put(h, JournalLayout.HNEntryArrays, _nEntryArrays);
        Put(h, JournalLayout.HDataHashChainDepth, (ulong)_dataTable.MaxDepth);
        Put(h, JournalLayout.HFieldHashChainDepth, (ulong)_fieldTable.MaxDepth);
        BinaryPrimitives.WriteUInt32LittleEndian(h[JournalLayout.HTailEntryArrayOffset..], (uint)_entries.Tail);
        BinaryPrimitives.WriteUInt32LittleEndian(h[JournalLayout.HTailEntryArrayNEntries..], (uint)_entries.TailCount);
        _file.Write(0, _header);
    }

    private static void Put(Span<byte> h, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(h[at..], v);

    /// <summary>Writes into an object body, given the field's offset within the whole object.</summary>
    private static void Put64(byte[] body, int objectOffset, ulong v) =>
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(objectOffset - JournalLayout.ObjectHeaderSize), v);

    private void Write64(long at, ulong v) => _file.Write64(at, v);

    private void WriteAt(long at, byte[] bytes) => _file.Write(at, bytes);

    private sealed class Chain
    {
        public long Head;
        public long Tail;
        public int TailCapacity;
        public int TailCount;
        public ulong Total;
    }

    private sealed class DataState(long offset, ulong hash, int length, JournalCompression compression, byte[]? payload)
    {
        public long Offset { get; } = offset;

        public ulong Hash { get; } = hash;

        public int Length { get; } = length;

        public JournalCompression Compression { get; } = compression;

        public byte[]? Payload { get; } = payload;

        public ulong NEntries { get; set; }

        public Chain Entries { get; } = new();
    }

    private sealed class FieldState(long offset)
    {
        public long Offset { get; } = offset;

        public long HeadData { get; set; }
    }

    private sealed class HashTable(int buckets)
    {
        public int Buckets { get; } = buckets;

        public long Offset { get; set; }

        public long[] Tail { get; } = new long[buckets];

        public int[] Depth { get; } = new int[buckets];

        public int MaxDepth { get; set; }
    }
}

/// <summary>The clocks journald stamps entries with, in microseconds.</summary>
public static class Clocks
{
    public static ulong RealtimeNow() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    public static ulong MonotonicNow() => (ulong)(Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000));
}
