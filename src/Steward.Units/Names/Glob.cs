namespace Steward.Units.Names;

/// <summary>fnmatch(3) without flags: <c>*</c>, <c>?</c>, bracket expressions (<c>[a-z]</c>, <c>[!x]</c>)
/// and backslash escapes, as systemctl and preset files match unit names.</summary>
public static class Glob
{
    public static bool IsPattern(string text) => text.IndexOfAny(['*', '?', '[']) >= 0;

    public static bool Matches(string pattern, string text) => Match(pattern, 0, text, 0);

    private static bool Match(string p, int pi, string t, int ti)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    if (pi == p.Length)
                    {
                        return true;
                    }

                    for (int k = ti; k <= t.Length; k++)
                    {
                        if (Match(p, pi, t, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (ti >= t.Length)
                    {
                        return false;
                    }

                    pi++;
                    ti++;
                    break;
                case '[':
                    int end = BracketEnd(p, pi);
                    if (end < 0)
                    {
                        goto default;
                    }

                    if (ti >= t.Length || !InBracket(p, pi + 1, end, t[ti]))
                    {
                        return false;
                    }

                    pi = end + 1;
                    ti++;
                    break;
                case '\\' when pi + 1 < p.Length:
                    if (ti >= t.Length || t[ti] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    ti++;
                    break;
                default:
                    if (ti >= t.Length || t[ti] != c)
                    {
                        return false;
                    }

                    pi++;
                    ti++;
                    break;
            }
        }

        return ti == t.Length;
    }

    private static int BracketEnd(string p, int open)
    {
        int i = open + 1;
        if (i < p.Length && (p[i] == '!' || p[i] == '^'))
        {
            i++;
        }

        if (i < p.Length && p[i] == ']')
        {
            i++;
        }

        for (; i < p.Length; i++)
        {
            if (p[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool InBracket(string p, int start, int end, char c)
    {
        bool negate = p[start] is '!' or '^';
        int i = negate ? start + 1 : start;
        bool found = false;
        bool first = true;
        while (i < end)
        {
            char lo = p[i];
            if (lo == ']' && !first)
            {
                break;
            }

            first = false;
            if (i + 2 < end && p[i + 1] == '-')
            {
                if (c >= lo && c <= p[i + 2])
                {
                    found = true;
                }

                i += 3;
            }
            else
            {
                if (c == lo)
                {
                    found = true;
                }

                i++;
            }
        }

        return found != negate;
    }
}
