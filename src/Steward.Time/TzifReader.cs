using System.Buffers.Binary;
using System.Text;

namespace Steward.Time;

/// <summary>The contents of a TZif file (RFC 8536): the 64-bit transition table of version 2+ files (or the
/// 32-bit one of version 1), the local time types and the footer TZ string for times past the table.</summary>
public sealed record TzifData(long[] Transitions, byte[] TransitionTypes, ZoneType[] Types, string? Footer);

public static class TzifReader
{
    /// <summary>Reads a TZif file; null when the bytes are not one.</summary>
    public static TzifData? Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 44 || !data[..4].SequenceEqual("TZif"u8))
        {
            return null;
        }

        byte version = data[4];
        int pos = 0;
        if (!ReadBlock(data, ref pos, 4, out TzifData? v1))
        {
            return null;
        }

        if (version < (byte)'2')
        {
            return v1;
        }

        if (!ReadBlock(data, ref pos, 8, out TzifData? v2))
        {
            return v1;
        }

        string? footer = null;
        if (pos < data.Length && data[pos] == (byte)'\n')
        {
            int end = data[(pos + 1)..].IndexOf((byte)'\n');
            if (end >= 0)
            {
                footer = Encoding.ASCII.GetString(data.Slice(pos + 1, end));
                if (footer.Length == 0)
                {
                    footer = null;
                }
            }
        }

        return v2! with { Footer = footer };
    }

    private static bool ReadBlock(ReadOnlySpan<byte> data, ref int pos, int timeSize, out TzifData? result)
    {
        result = null;
        if (data.Length < pos + 44 || !data.Slice(pos, 4).SequenceEqual("TZif"u8))
        {
            return false;
        }

        int isUtCount = Count(data, pos + 20);
        int isStdCount = Count(data, pos + 24);
        int leapCount = Count(data, pos + 28);
        int timeCount = Count(data, pos + 32);
        int typeCount = Count(data, pos + 36);
        int charCount = Count(data, pos + 40);
        int p = pos + 44;
        long size = ((long)timeCount * timeSize) + timeCount + (typeCount * 6L) + charCount + (leapCount * (timeSize + 4L)) + isStdCount + isUtCount;
        if (typeCount == 0 || p + size > data.Length)
        {
            return false;
        }

        var transitions = new long[timeCount];
        for (int i = 0; i < timeCount; i++)
        {
            transitions[i] = timeSize == 8 ? BinaryPrimitives.ReadInt64BigEndian(data[p..]) : BinaryPrimitives.ReadInt32BigEndian(data[p..]);
            p += timeSize;
        }

        byte[] indices = data.Slice(p, timeCount).ToArray();
        p += timeCount;
        var raw = new (int Offset, bool Dst, int Index)[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            raw[i] = (BinaryPrimitives.ReadInt32BigEndian(data[p..]), data[p + 4] != 0, data[p + 5]);
            p += 6;
        }

        ReadOnlySpan<byte> chars = data.Slice(p, charCount);
        var types = new ZoneType[typeCount];
        for (int i = 0; i < typeCount; i++)
        {
            ReadOnlySpan<byte> name = raw[i].Index < chars.Length ? chars[raw[i].Index..] : [];
            int nul = name.IndexOf((byte)0);
            types[i] = new ZoneType(raw[i].Offset, raw[i].Dst, Encoding.ASCII.GetString(nul >= 0 ? name[..nul] : name));
        }

        foreach (byte b in indices)
        {
            if (b >= typeCount)
            {
                return false;
            }
        }

        pos = (int)(pos + 44 + size);
        result = new TzifData(transitions, indices, types, null);
        return true;
    }

    private static int Count(ReadOnlySpan<byte> data, int at)
    {
        uint v = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        return v > int.MaxValue / 16 ? int.MaxValue / 16 : (int)v;
    }
}
