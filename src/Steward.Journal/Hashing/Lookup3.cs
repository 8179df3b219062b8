using System.Numerics;

namespace Steward.Journal.Hashing;

/// <summary>
/// Bob Jenkins' lookup3 <c>hashlittle2</c> (public domain, 2006), the journal's legacy hash, and the
/// 64-bit value the journal makes of its two 32-bit results (primary in the high half).
/// </summary>
public static class Lookup3
{
    public static ulong Hash64(ReadOnlySpan<byte> data)
    {
        uint primary = 0, secondary = 0;
        HashLittle2(data, ref primary, ref secondary);
        return ((ulong)primary << 32) | secondary;
    }

    /// <summary>hashlittle2: <paramref name="pc"/> is the primary seed and result, <paramref name="pb"/> the secondary.</summary>
    public static void HashLittle2(ReadOnlySpan<byte> k, ref uint pc, ref uint pb)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)k.Length + pc;
        c += pb;

        while (k.Length > 12)
        {
            a += k[0] | ((uint)k[1] << 8) | ((uint)k[2] << 16) | ((uint)k[3] << 24);
            b += k[4] | ((uint)k[5] << 8) | ((uint)k[6] << 16) | ((uint)k[7] << 24);
            c += k[8] | ((uint)k[9] << 8) | ((uint)k[10] << 16) | ((uint)k[11] << 24);
            Mix(ref a, ref b, ref c);
            k = k[12..];
        }

        if (k.Length == 0)
        {
            pc = c;
            pb = b;
            return;
        }

        for (var i = k.Length - 1; i >= 0; i--)
        {
            var shift = 8 * (i % 4);
            switch (i / 4)
            {
                case 0: a += (uint)k[i] << shift; break;
                case 1: b += (uint)k[i] << shift; break;
                default: c += (uint)k[i] << shift; break;
            }
        }

        Final(ref a, ref b, ref c);
        pc = c;
        pb = b;
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
