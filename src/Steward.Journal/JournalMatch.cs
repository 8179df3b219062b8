namespace Steward.Journal;

/// <summary>
/// journalctl's match expressions: terms <c>FIELD=value</c>, with <c>+</c> between groups. Within a group,
/// terms on the same field are alternatives and terms on different fields must all hold; an entry matches
/// when any group matches. No terms match everything.
/// </summary>
public sealed class JournalMatch
{
    private readonly List<Dictionary<string, List<byte[]>>> _groups;

    private JournalMatch(List<Dictionary<string, List<byte[]>>> groups)
    {
        _groups = groups;
    }

    public static JournalMatch All { get; } = new([]);

    public bool IsEmpty => _groups.Count == 0;

    /// <summary>Parses terms as journalctl takes them; null and an error for a term that is not FIELD=value.</summary>
    public static JournalMatch? Parse(IEnumerable<string> terms, out string? error)
    {
        ArgumentNullException.ThrowIfNull(terms);
        error = null;
        var groups = new List<Dictionary<string, List<byte[]>>>();
        var current = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (term == "+")
            {
                if (current.Count == 0)
                {
                    error = "Invalid argument: '+' without a match before it";
                    return null;
                }

                groups.Add(current);
                current = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
                continue;
            }

            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !JournalLayout.IsValidFieldName(System.Text.Encoding.ASCII.GetBytes(term[..eq])))
            {
                error = $"Failed to add match '{term}': Invalid argument";
                return null;
            }

            var name = term[..eq];
            if (!current.TryGetValue(name, out var values))
            {
                current[name] = values = [];
            }

            values.Add(System.Text.Encoding.UTF8.GetBytes(term[(eq + 1)..]));
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }
        else if (groups.Count > 0)
        {
            error = "Invalid argument: '+' without a match after it";
            return null;
        }

        return new JournalMatch(groups);
    }

    public bool Matches(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_groups.Count == 0)
        {
            return true;
        }

        foreach (var group in _groups)
        {
            var all = true;
            foreach (var (name, values) in group)
            {
                if (!HasAny(entry, name, values))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAny(JournalEntry entry, string name, List<byte[]> values)
    {
        foreach (var f in entry.Fields)
        {
            if (!f.IsValid || f.NameBytes.Length != name.Length || System.Text.Encoding.ASCII.GetString(f.NameBytes) != name)
            {
                continue;
            }

            foreach (var v in values)
            {
                if (f.Value.SequenceEqual(v))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
