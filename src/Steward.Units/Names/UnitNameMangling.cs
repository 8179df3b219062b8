using System.Text;

namespace Steward.Units.Names;

/// <summary>What became of a string given where a unit name was expected.</summary>
/// <param name="Name">The unit name, or null when no valid one could be made.</param>
/// <param name="HadGlob">The string held glob characters the caller does not accept, and they were escaped.</param>
/// <param name="EscapedAs">When characters had to be escaped, the escaped form (before any suffix was added).</param>
public readonly record struct MangledName(string? Name, bool HadGlob, string? EscapedAs);

/// <summary>
/// Turning what a user typed into a unit name, as systemctl and <c>systemd-escape --mangle</c> do: a
/// valid name stays, an absolute path names its device or mount unit, anything else has its invalid
/// bytes escaped and gets the default suffix when it lacks one.
/// </summary>
public static class UnitNameMangling
{
    public static MangledName Mangle(ReadOnlySpan<byte> text, string suffix = ".service", bool allowGlob = false)
    {
        if (text.IsEmpty)
        {
            return default;
        }

        string plain = Encoding.UTF8.GetString(text);
        if (Encoding.UTF8.GetByteCount(plain) == text.Length && UnitNames.Split(plain) is not null)
        {
            return new MangledName(plain, false, null);
        }

        if (text[0] == '/' && UnitNameEscaping.HasNoParentReferences(text))
        {
            bool device = text.StartsWith("/dev/"u8) || text.StartsWith("/sys/"u8);
            return new MangledName(UnitNameEscaping.EscapePath(text) + (device ? ".device" : ".mount"), false, null);
        }

        bool hadGlob = false;
        bool escaped = false;
        var sb = new StringBuilder(text.Length + suffix.Length);
        foreach (byte b in text)
        {
            if (b == '/')
            {
                sb.Append('-');
                escaped = true;
            }
            else if (b < 0x80 && UnitNames.IsValidNameCharacter((char)b))
            {
                sb.Append((char)b);
            }
            else if (allowGlob && b is (byte)'*' or (byte)'?' or (byte)'[' or (byte)']' or (byte)'!')
            {
                sb.Append((char)b);
            }
            else
            {
                hadGlob |= b is (byte)'*' or (byte)'?' or (byte)'[';
                escaped = true;
                sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        string mangled = sb.ToString();
        string? escapedAs = escaped ? mangled : null;
        int dot = mangled.LastIndexOf('.');
        if (!(dot > 0 && UnitNames.IsValidSuffix(mangled[(dot + 1)..])))
        {
            mangled += suffix;
        }

        bool valid = UnitNames.Split(mangled) is not null || (allowGlob && Glob.IsPattern(mangled) && !mangled.StartsWith('@'));
        return new MangledName(valid ? mangled : null, hadGlob, escapedAs);
    }
}
