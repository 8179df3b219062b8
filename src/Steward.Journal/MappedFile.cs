using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Steward.Journal;

/// <summary>
/// A file written through a shared memory map, grown in steps as journald grows its files. Stores land in the
/// page cache at once, so a crash of the writing process loses nothing it already appended.
/// </summary>
internal sealed class MappedFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _step;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;

    public MappedFile(SafeFileHandle handle, long step)
    {
        _handle = handle;
        _step = Math.Max(4096, step);
        Capacity = RandomAccess.GetLength(handle);
        if (Capacity > 0)
        {
            Map();
        }
    }

    /// <summary>The file's length: everything mapped.</summary>
    public long Capacity { get; private set; }

    public void EnsureCapacity(long end)
    {
        if (end <= Capacity)
        {
            return;
        }

        var grown = (end + _step - 1) / _step * _step;
        Unmap();
        RandomAccess.SetLength(_handle, grown);
        Capacity = grown;
        Map();
    }

    public void Write(long at, byte[] bytes, int offset, int count)
    {
        EnsureCapacity(at + count);
        _view!.WriteArray(at, bytes, offset, count);
    }

    public void Write(long at, byte[] bytes) => Write(at, bytes, 0, bytes.Length);

    public void Write64(long at, ulong value)
    {
        EnsureCapacity(at + 8);
        _view!.Write(at, value);
    }

    public void Write32(long at, uint value)
    {
        EnsureCapacity(at + 4);
        _view!.Write(at, value);
    }

    public ulong Read64(long at) => _view!.ReadUInt64(at);

    public void Read(long at, byte[] into) => _view!.ReadArray(at, into, 0, into.Length);

    public void Flush()
    {
        _view?.Flush();
        RandomAccess.FlushToDisk(_handle);
    }

    public void Dispose()
    {
        Unmap();
        _handle.Dispose();
    }

    private void Map()
    {
        _map = MemoryMappedFile.CreateFromFile(_handle, null, Capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, Capacity, MemoryMappedFileAccess.ReadWrite);
    }

    private void Unmap()
    {
        _view?.Flush();
        _view?.Dispose();
        _map?.Dispose();
        _view = null;
        _map = null;
    }
}
