using System.Text;

namespace Steward.Units.Syntax;

/// <summary>Splits a value into words the way command lines and lists in unit files are split:
/// whitespace separates, <c>"…"</c> and <c>'…'</c> quote, and C escapes (<c>\n</c>, <c>\t</c>, <c>\x41</c>,
/// <c>\101</c>, <c>\u…</c>) are decoded.</summary>
public static class ValueWords
{
    /// <summary>Returns the words, or null (with <paramref name="error"/>) for unbalanced quotes or bad escapes.</summary>
    public static IReadOnlyList<string>? Split(string value, out string? error)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        error = null;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quote == '\0' && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == quote)
            {
                quote = '\0';
            }
            else if (quote == '\0' && (c == '"' || c == '\''))
            {
                quote = c;
            }
            else if (c == '\\')
            {
                int consumed = Unescape(value, i + 1, word);
                if (consumed < 0)
                {
                    error = "Invalid escape sequence";
                    return null;
                }

                i += consumed;
            }
            else
            {
                word.Append(c);
            }
        }

        if (quote != '\0')
        {
            error = "Unbalanced quoting";
            return null;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Decodes one C escape starting after the backslash; returns the characters consumed, -1 if invalid.</summary>
    public static int Unescape(string s, int at, StringBuilder output)
    {
        if (at >= s.Length)
        {
            return -1;
        }

        char c = s[at];
        switch (c)
        {
            case 'a': output.Append('\a'); return 1;
            case 'b': output.Append('\b'); return 1;
            case 'f': output.Append('\f'); return 1;
            case 'n': output.Append('\n'); return 1;
            case 'r': output.Append('\r'); return 1;
            case 't': output.Append('\t'); return 1;
            case 'v': output.Append('\v'); return 1;
            case 's': output.Append(' '); return 1;
            case '\\' or '"' or '\'' or ' ': output.Append(c); return 1;
            case 'x': return Numeric(s, at + 1, 2, 16, output) ? 3 : -1;
            case 'u': return Numeric(s, at + 1, 4, 16, output) ? 5 : -1;
            case 'U': return Numeric(s, at + 1, 8, 16, output) ? 9 : -1;
            case >= '0' and <= '7': return Numeric(s, at, 3, 8, output) ? 3 : -1;
            default: return -1;
        }
    }

    private static bool Numeric(string s, int at, int digits, int radix, StringBuilder output)
    {
        if (at + digits > s.Length)
        {
            return false;
        }

        int value = 0;
        for (int i = at; i < at + digits; i++)
        {
            int d = HexValue(s[i]);
            if (d < 0 || d >= radix)
            {
                return false;
            }

            value = (value * radix) + d;
        }

        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            return false;
        }

        output.Append(char.ConvertFromUtf32(value));
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
