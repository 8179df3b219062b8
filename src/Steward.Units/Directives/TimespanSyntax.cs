namespace Steward.Units.Directives;

/// <summary>A minimal check of systemd's timespan syntax ("5min 3s", "1.5h", "infinity"), kept private to the
/// directive table until Steward.Time provides the real parser.</summary>
internal static class TimespanSyntax
{
    private static readonly string[] Units =
    [
        "", "ns", "nsec", "us", "usec", "µs", "μs", "ms", "msec", "s", "sec", "second", "seconds", "m", "min", "minute",
        "minutes", "h", "hr", "hour", "hours", "d", "day", "days", "w", "week", "weeks", "M", "month", "months", "y",
        "year", "years",
    ];

    public static bool IsValid(string value)
    {
        string s = value.Trim(' ', '\t');
        if (s == "infinity")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            string number = s[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                return false;
            }

            while (i < s.Length && s[i] is ' ' or '\t')
            {
                i++;
            }

            int unitStart = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            if (Array.IndexOf(Units, s[unitStart..i]) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
