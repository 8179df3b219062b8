using System.Text;

namespace Steward.Manager.Units;

/// <summary>D-Bus object paths of units: <c>/org/freedesktop/systemd1/unit/</c> plus the name with every
/// byte outside [A-Za-z0-9] written as <c>_xx</c> (sd-bus's label escaping).</summary>
public static class UnitObjectPaths
{
    public const string Prefix = "/org/freedesktop/systemd1/unit/";

    public static string Of(string unitId) => Prefix + Escape(unitId);

    public static string Escape(string label)
    {
        if (label.Length == 0)
        {
            return "_";
        }

        var builder = new StringBuilder(label.Length * 2);
        byte[] bytes = Encoding.UTF8.GetBytes(label);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            bool plain = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' || (i > 0 && b is >= (byte)'0' and <= (byte)'9');
            if (plain)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('_').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string? Unescape(string label)
    {
        if (label == "_")
        {
            return "";
        }

        var bytes = new List<byte>(label.Length);
        for (int i = 0; i < label.Length; i++)
        {
            if (label[i] == '_')
            {
                if (i + 2 >= label.Length)
                {
                    return null;
                }

                if (!byte.TryParse(label.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
                {
                    return null;
                }

                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)label[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
