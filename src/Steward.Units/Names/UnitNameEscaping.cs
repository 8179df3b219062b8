using System.Text;

namespace Steward.Units.Names;

/// <summary>
/// The escaping of man systemd.unit ("String Escaping for Inclusion in Unit Names"), over bytes:
/// '/' becomes '-', ASCII letters, digits, ':', '_' and '.' stay (but a leading '.' is escaped), and
/// every other byte becomes <c>\xNN</c>. Unescaping reverses it.
/// </summary>
public static class UnitNameEscaping
{
    public static string Escape(ReadOnlySpan<byte> input)
    {
        var sb = new StringBuilder(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (b == '/')
            {
                sb.Append('-');
            }
            else if (IsKept(b) && !(i == 0 && b == '.'))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Path escaping: the path is simplified (duplicate slashes and "." components dropped),
    /// leading and trailing slashes removed, and the root becomes "-".</summary>
    public static string EscapePath(ReadOnlySpan<byte> path)
    {
        List<byte[]> components = SimplifiedComponents(path);
        if (components.Count == 0)
        {
            return "-";
        }

        var joined = new List<byte>();
        for (int i = 0; i < components.Count; i++)
        {
            if (i > 0)
            {
                joined.Add((byte)'/');
            }

            joined.AddRange(components[i]);
        }

        return Escape(joined.ToArray());
    }

    /// <summary>Whether a path contains no ".." component (systemd's "normalized" test, after simplification).</summary>
    public static bool HasNoParentReferences(ReadOnlySpan<byte> path) =>
        SimplifiedComponents(path).TrueForAll(c => !(c.Length == 2 && c[0] == '.' && c[1] == '.'));

    /// <summary>Undoes <see cref="Escape"/>: '-' becomes '/', <c>\xNN</c> the byte. Null when an escape is malformed.</summary>
    public static byte[]? Unescape(ReadOnlySpan<byte> escaped)
    {
        var bytes = new List<byte>(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            byte c = escaped[i];
            if (c == '-')
            {
                bytes.Add((byte)'/');
            }
            else if (c == '\\')
            {
                if (i + 3 >= escaped.Length || escaped[i + 1] != 'x' || HexValue(escaped[i + 2]) < 0 || HexValue(escaped[i + 3]) < 0)
                {
                    return null;
                }

                bytes.Add((byte)((HexValue(escaped[i + 2]) << 4) | HexValue(escaped[i + 3])));
                i += 3;
            }
            else
            {
                bytes.Add(c);
            }
        }

        return [.. bytes];
    }

    /// <summary>Path unescaping: the empty string is invalid, and the result is made absolute.</summary>
    public static byte[]? UnescapePath(ReadOnlySpan<byte> escaped)
    {
        if (escaped.Length == 0)
        {
            return null;
        }

        if (escaped is [(byte)'-'])
        {
            return [(byte)'/'];
        }

        byte[]? inner = Unescape(escaped);
        if (inner is null)
        {
            return null;
        }

        byte[] path = [(byte)'/', .. inner];
        return IsNormalizedAbsolute(path) ? path : null;
    }

    /// <summary>An absolute path with no empty, "." or ".." component and no trailing slash (but "/").</summary>
    public static bool IsNormalizedAbsolute(byte[] path)
    {
        if (path.Length == 1)
        {
            return true;
        }

        string text = Encoding.Latin1.GetString(path);
        return !text.EndsWith('/') && !text.Contains("//", StringComparison.Ordinal)
            && !text.Contains("/./", StringComparison.Ordinal) && !text.Contains("/../", StringComparison.Ordinal)
            && !text.EndsWith("/.", StringComparison.Ordinal) && !text.EndsWith("/..", StringComparison.Ordinal);
    }

    private static bool IsKept(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)':' or (byte)'_' or (byte)'.';

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static List<byte[]> SimplifiedComponents(ReadOnlySpan<byte> path)
    {
        var components = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                ReadOnlySpan<byte> part = path[start..i];
                if (part.Length > 0 && !(part.Length == 1 && part[0] == '.'))
                {
                    components.Add(part.ToArray());
                }

                start = i + 1;
            }
        }

        return components;
    }
}
