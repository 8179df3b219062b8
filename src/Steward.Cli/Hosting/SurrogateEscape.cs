using System.Text;

namespace Steward.Cli.Hosting;

/// <summary>
/// Lossless bytes-to-string conversion for command-line arguments and output. Unix arguments are
/// bytes, not text: systemd-escape must escape invalid UTF-8 byte for byte. Valid UTF-8 decodes as
/// usual; every byte that is not part of a valid sequence becomes the lone surrogate U+DC00+byte
/// (Python's "surrogateescape"), and encoding turns such surrogates back into the same bytes.
/// </summary>
public static class SurrogateEscape
{
    private const char Base = '\uDC00';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            int length = ValidSequenceLength(bytes[i..]);
            if (length == 0)
            {
                sb.Append((char)(Base + bytes[i]));
                i++;
            }
            else
            {
                sb.Append(Encoding.UTF8.GetString(bytes.Slice(i, length)));
                i += length;
            }
        }

        return sb.ToString();
    }

    public static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                bytes.Add((byte)(c - Base));
                continue;
            }

            int n;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                n = Encoding.UTF8.GetBytes(text.AsSpan(i, 2), buffer);
                i++;
            }
            else
            {
                n = Encoding.UTF8.GetBytes(text.AsSpan(i, 1), buffer);
            }

            for (int k = 0; k < n; k++)
            {
                bytes.Add(buffer[k]);
            }
        }

        return [.. bytes];
    }

    /// <summary>Length of the well-formed UTF-8 sequence at the start of <paramref name="s"/>, or 0.</summary>
    private static int ValidSequenceLength(ReadOnlySpan<byte> s)
    {
        byte b = s[0];
        if (b < 0x80)
        {
            return 1;
        }

        int length;
        int min;
        if ((b & 0xE0) == 0xC0)
        {
            length = 2;
            min = 0x80;
        }
        else if ((b & 0xF0) == 0xE0)
        {
            length = 3;
            min = 0x800;
        }
        else if ((b & 0xF8) == 0xF0)
        {
            length = 4;
            min = 0x10000;
        }
        else
        {
            return 0;
        }

        if (s.Length < length)
        {
            return 0;
        }

        int cp = b & (0x7F >> length);
        for (int k = 1; k < length; k++)
        {
            if ((s[k] & 0xC0) != 0x80)
            {
                return 0;
            }

            cp = (cp << 6) | (s[k] & 0x3F);
        }

        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        return cp < min || cp > 0x10FFFF || surrogate ? 0 : length;
    }
}
