using System.Buffers.Binary;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Steward.Journal;

/// <summary>Compression and decompression of data-object payloads (zstd and LZ4; XZ is read as unsupported).</summary>
internal static class Compression
{
    /// <summary>journald's DATA_SIZE_MAX: no field is larger than 768 MiB, compressed or not.</summary>
    public const long MaxPayload = 768L * 1024 * 1024;

    /// <summary>Returns the compressed form, or null when compression does not make the payload smaller.</summary>
    public static byte[]? Compress(JournalCompression kind, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case JournalCompression.Zstd:
                {
                    using var c = new Compressor(1);
                    var result = c.Wrap(payload).ToArray();
                    return result.Length < payload.Length ? result : null;
                }

            case JournalCompression.Lz4:
                {
                    var target = new byte[8 + LZ4Codec.MaximumOutputSize(payload.Length)];
                    BinaryPrimitives.WriteUInt64LittleEndian(target, (ulong)payload.Length);
                    var n = LZ4Codec.Encode(payload, target.AsSpan(8));
                    return n > 0 && 8 + n < payload.Length ? target.AsSpan(0, 8 + n).ToArray() : null;
                }

            default:
                return null;
        }
    }

    /// <summary>Decompresses; on failure returns null and says why.</summary>
    public static byte[]? Decompress(JournalCompression kind, ReadOnlySpan<byte> source, long limit, out string? error)
    {
        error = null;
        try
        {
            switch (kind)
            {
                case JournalCompression.Zstd:
                    return DecompressZstd(source, limit, out error);
                case JournalCompression.Lz4:
                    {
                        if (source.Length < 8)
                        {
                            error = "LZ4 payload shorter than its size prefix";
                            return null;
                        }

                        var size = BinaryPrimitives.ReadUInt64LittleEndian(source);
                        if (size > (ulong)limit)
                        {
                            error = $"LZ4 payload claims {size} bytes, more than the limit of {limit}";
                            return null;
                        }

                        var target = new byte[size];
                        var n = LZ4Codec.Decode(source[8..], target);
                        if (n != (long)size)
                        {
                            error = "LZ4 payload is corrupt";
                            return null;
                        }

                        return target;
                    }

                case JournalCompression.Xz:
                    error = "unsupported compression: XZ";
                    return null;
                default:
                    error = $"unsupported compression flags 0x{(byte)kind:x}";
                    return null;
            }
        }
        catch (Exception e) when (e is ZstdException or InvalidDataException or ArgumentException or IOException or InvalidOperationException)
        {
            error = $"{kind} payload is corrupt: {e.Message}";
            return null;
        }
    }

    private static byte[]? DecompressZstd(ReadOnlySpan<byte> source, long limit, out string? error)
    {
        error = null;
        using var stream = new DecompressionStream(new MemoryStream(source.ToArray()));
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + n > limit)
            {
                error = $"zstd payload expands beyond the limit of {limit} bytes";
                return null;
            }

            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }
}
