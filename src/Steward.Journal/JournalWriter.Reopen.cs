using Microsoft.Win32.SafeHandles;

namespace Steward.Journal;

public sealed partial class JournalWriter
{
    /// <summary>
    /// Opens <paramref name="path"/> for appending as journald does: a cleanly closed (offline) file in systemd
    /// 252's layout is continued. A file left online by a crash, or damaged, is renamed aside to
    /// <see cref="JournalNaming.DisposedPath(string)"/>; an archived file, or one in a layout this writer does not
    /// append to, is renamed to its archived name. Then a new file is created, continuing the old sequence
    /// numbers when they could be read. <paramref name="movedAside"/> names where the old file went.
    /// </summary>
    public static JournalWriter Open(string path, out string? movedAside, JournalWriterOptions? options = null)
    {
        options ??= new JournalWriterOptions();
        movedAside = null;
        if (!File.Exists(path))
        {
            return Create(path, options);
        }

        var file = JournalFile.Open(path, out _);
        if (file is not null && file.Header.State == JournalState.Offline && CanAppendTo(file.Header))
        {
            var writer = TryReopen(path, file, options);
            if (writer is not null)
            {
                return writer;
            }
        }

        var h = file?.Header;
        if (h is not null && h.State != JournalState.Online && h.HeadEntrySeqnum != 0 && file!.LastError is null)
        {
            movedAside = JournalNaming.ArchivedPath(path, h.SeqnumId, h.HeadEntrySeqnum, h.HeadEntryRealtime);
        }
        else
        {
            movedAside = JournalNaming.DisposedPath(path);
        }

        File.Move(path, movedAside);
        var next = h is null ? options : options.ContinuingAfter(h.SeqnumId, h.TailEntrySeqnum + 1);
        return Create(path, next);
    }

    /// <summary>Whether the data hash table is over 75 % full, a chain is deeper than 100, or the file reached its maximum size.</summary>
    public bool RotateSuggested =>
        _end >= _options.MaxFileSize
        || _nData * 4 > (ulong)_dataTable.Buckets * 3
        || _nFields * 4 > (ulong)_fieldTable.Buckets * 3
        || _dataTable.MaxDepth > 100
        || _fieldTable.MaxDepth > 100;

    /// <summary>
    /// Archives this file (state archived, renamed to its archived name) and returns a writer for a new file at
    /// the same path continuing the sequence numbers, as journald rotates.
    /// </summary>
    public JournalWriter Rotate(out string archivedPath)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        archivedPath = JournalNaming.ArchivedPath(Path, SeqnumId, _headSeqnum, _headRealtime);
        var next = _options.ContinuingAfter(SeqnumId, _nextSeqnum);
        Archive();
        File.Move(Path, archivedPath);
        return Create(Path, next);
    }

    private static bool CanAppendTo(JournalHeader h) =>
        h.HeaderSize == JournalLayout.HeaderSize252
        && h.CompatibleFlags == JournalCompatibleFlags.None
        && !h.IncompatibleFlags.HasFlag(JournalIncompatibleFlags.CompressedXz)
        && !(h.IncompatibleFlags.HasFlag(JournalIncompatibleFlags.CompressedZstd) && h.IncompatibleFlags.HasFlag(JournalIncompatibleFlags.CompressedLz4));

    private static JournalWriter? TryReopen(string path, JournalFile file, JournalWriterOptions options)
    {
        if (file.EntryOffsets.Count != (int)Math.Min(file.Header.NEntries, int.MaxValue) || file.LastError is not null)
        {
            return null;
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (IOException)
        {
            return null;
        }

        var writer = new JournalWriter(path, handle, options, file.Header);
        try
        {
            writer.Load(file);
            writer.WriteHeader();
            return writer;
        }
        catch (Exception e) when (e is JournalCorruptException or JournalFile.FieldException or OverflowException)
        {
            writer._file.Dispose();
            return null;
        }
    }

    /// <summary>Rebuilds the in-memory indexes from an existing file.</summary>
    private void Load(JournalFile file)
    {
        var h = file.Header;
        if (_dataTable.Buckets < 1 || _fieldTable.Buckets < 1)
        {
            throw new JournalCorruptException("empty hash table");
        }

        var objects = file.Objects();
        foreach (var (offset, type, size) in objects)
        {
            switch (type)
            {
                case JournalObjectType.Data:
                    {
                        var hash = file.U64(offset + JournalLayout.DataHash);
                        var payload = file.DataPayload(offset);
                        var flags = file.ObjectFlags(offset);
                        var state = new DataState(offset, hash, payload.Length, (JournalCompression)flags, payload.Length <= 256 ? payload : null)
                        {
                            NEntries = file.U64(offset + JournalLayout.DataNEntries),
                        };
                        if (state.NEntries > 1)
                        {
                            LoadChain(file, state.Entries, (long)file.U64(offset + JournalLayout.DataEntryArrayOffset), state.NEntries - 1);
                        }

                        if (!_data.TryGetValue(hash, out var list))
                        {
                            _data[hash] = list = [];
                        }

                        list.Add(state);
                        _nData++;
                        break;
                    }

                case JournalObjectType.Field:
                    {
                        var name = System.Text.Encoding.Latin1.GetString(file.Bytes(offset + JournalLayout.FieldPayload, size - JournalLayout.FieldPayload));
                        _fields[name] = new FieldState(offset) { HeadData = (long)file.U64(offset + JournalLayout.FieldHeadDataOffset) };
                        _nFields++;
                        break;
                    }

                case JournalObjectType.EntryArray:
                    _nEntryArrays++;
                    break;
                case JournalObjectType.Tag:
                    throw new JournalCorruptException("sealed files are not appended to");
            }
        }

        LoadChain(file, _entries, (long)h.EntryArrayOffset, h.NEntries);
        for (var b = 0; b < _dataTable.Buckets; b++)
        {
            _dataTable.Tail[b] = (long)file.U64(_dataTable.Offset + (b * JournalLayout.HashItemSize) + 8);
        }

        for (var b = 0; b < _fieldTable.Buckets; b++)
        {
            _fieldTable.Tail[b] = (long)file.U64(_fieldTable.Offset + (b * JournalLayout.HashItemSize) + 8);
        }

        _dataTable.MaxDepth = (int)Math.Min(h.DataHashChainDepth, int.MaxValue);
        _fieldTable.MaxDepth = (int)Math.Min(h.FieldHashChainDepth, int.MaxValue);
        var (lastOffset, _, lastSize) = objects[^1];
        _tailObject = lastOffset;
        _end = JournalLayout.Align8(lastOffset + lastSize);
        _nObjects = (ulong)objects.Count;
        _headSeqnum = h.HeadEntrySeqnum;
        _tailSeqnum = h.TailEntrySeqnum;
        _headRealtime = h.HeadEntryRealtime;
        _tailRealtime = h.TailEntryRealtime;
        _tailMonotonic = h.TailEntryMonotonic;
        _state = JournalState.Online;
    }

    private void LoadChain(JournalFile file, Chain chain, long first, ulong count)
    {
        var itemSize = JournalLayout.EntryArrayItemSize(_compact);
        var remaining = count;
        var visited = new HashSet<long>();
        for (var a = first; a != 0 && remaining > 0;)
        {
            if (!visited.Add(a))
            {
                throw new JournalCorruptException("cycle in a chain of entry arrays");
            }

            var size = file.ObjectAt(a, JournalObjectType.EntryArray, JournalLayout.EntryArrayItems);
            var capacity = (int)((size - JournalLayout.EntryArrayItems) / itemSize);
            if (chain.Head == 0)
            {
                chain.Head = a;
            }

            var taken = (int)Math.Min((ulong)capacity, remaining);
            remaining -= (ulong)taken;
            chain.Tail = a;
            chain.TailCapacity = capacity;
            chain.TailCount = taken;
            a = (long)file.U64(a + JournalLayout.EntryArrayNext);
        }

        if (remaining > 0)
        {
            throw new JournalCorruptException("entry array chain shorter than its count");
        }

        chain.Total = count;
    }
}
