using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Steward.Journal;

/// <summary>A 128-bit systemd ID (sd_id128_t): 16 raw bytes, printed as 32 lowercase hex digits.</summary>
public readonly record struct Id128(UInt128 Value)
{
    public static Id128 Null => default;

    public bool IsNull => Value == UInt128.Zero;

    /// <summary>A random v4 UUID, as systemd's sd_id128_randomize makes them.</summary>
    public static Id128 Random()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return FromBytes(b);
    }

    public static Id128 FromBytes(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt128BigEndian(bytes));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, Value);

    public byte[] ToBytes()
    {
        var b = new byte[16];
        WriteTo(b);
        return b;
    }

    /// <summary>Parses 32 hex digits, or a UUID with dashes.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Id128 id)
    {
        id = default;
        Span<char> digits = stackalloc char[32];
        var n = 0;
        foreach (var c in text)
        {
            if (c == '-' && text.Length == 36)
            {
                continue;
            }

            if (n == 32 || !char.IsAsciiHexDigit(c))
            {
                return false;
            }

            digits[n++] = c;
        }

        if (n != 32 || !UInt128.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        id = new Id128(v);
        return true;
    }

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[16];
        WriteTo(b);
        return Convert.ToHexStringLower(b);
    }
}

/// <summary>The machine's own IDs, as systemd reads them.</summary>
public static class SystemIds
{
    public static Id128 MachineId() => Read("/etc/machine-id") ?? Id128.Null;

    public static Id128 BootId() => Read("/proc/sys/kernel/random/boot_id") ?? Id128.Null;

    private static Id128? Read(string path)
    {
        try
        {
            return Id128.TryParse(File.ReadAllText(path).Trim(), out var id) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
