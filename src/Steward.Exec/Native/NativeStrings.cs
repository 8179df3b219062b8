using System.Runtime.InteropServices;
using System.Text;

namespace Steward.Exec.Native;

/// <summary>NUL-terminated UTF-8 strings and NULL-terminated string vectors (argv, envp) in one native block,
/// freed together. Built before posix_spawn/execve so nothing is allocated between fork and exec.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = [];

    public byte* Add(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        byte* block = (byte*)NativeMemory.Alloc((nuint)length + 1);
        _blocks.Add((nint)block);
        Encoding.UTF8.GetBytes(value, new Span<byte>(block, length));
        block[length] = 0;
        return block;
    }

    public byte** AddVector(IReadOnlyList<string> values)
    {
        byte** vector = (byte**)NativeMemory.Alloc((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        _blocks.Add((nint)vector);
        for (int i = 0; i < values.Count; i++)
        {
            vector[i] = Add(values[i]);
        }

        vector[values.Count] = null;
        return vector;
    }

    public void Dispose()
    {
        foreach (nint block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        _blocks.Clear();
    }
}
