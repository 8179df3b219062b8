namespace Steward.Journal;

/// <summary>
/// Several journal files read as one stream, in the order journalctl interleaves them: by sequence number
/// within one sequence-number source, else by monotonic time within one boot, else by wall-clock time, then
/// by the entries' XOR hash. An entry found in two files (the same in all those respects) is yielded once.
/// </summary>
public sealed class JournalSet
{
    private readonly List<JournalFile> _files;

    public JournalSet(IEnumerable<JournalFile> files)
    {
        _files = [.. files];
    }

    public IReadOnlyList<JournalFile> Files => _files;

    /// <summary>Problems met while opening or reading (files that would not open, broken chains).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>
    /// Opens the journal files of a directory as <c>journalctl -D</c> does: <c>*.journal</c> and
    /// <c>*.journal~</c> in it and in machine-ID subdirectories. Files that do not open are listed in
    /// <see cref="Errors"/> and left out.
    /// </summary>
    public static JournalSet OpenDirectory(string directory)
    {
        var errors = new List<string>();
        var files = new List<JournalFile>();
        foreach (var path in JournalPaths(directory, errors))
        {
            var f = JournalFile.Open(path, out var error);
            if (f is null)
            {
                errors.Add(error ?? path);
            }
            else
            {
                files.Add(f);
            }
        }

        var set = new JournalSet(files);
        set.Errors.AddRange(errors);
        return set;
    }

    private static List<string> JournalPaths(string directory, List<string> errors)
    {
        var paths = new List<string>();
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    if (Id128.TryParse(name, out _) && name.Length == 32)
                    {
                        paths.AddRange(JournalPaths(entry, errors));
                    }
                }
                else if (name.EndsWith(".journal", StringComparison.Ordinal) || name.EndsWith(".journal~", StringComparison.Ordinal))
                {
                    paths.Add(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{directory}: {e.Message}");
        }

        return paths;
    }

    /// <summary>The merged entries that satisfy <paramref name="match"/>.</summary>
    public IEnumerable<JournalEntry> Entries(JournalMatch match, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.IsEmpty ? Entries(reverse) : Entries(reverse).Where(match.Matches);
    }

    /// <summary>All entries of all files, merged oldest first (or newest first).</summary>
    public IEnumerable<JournalEntry> Entries(bool reverse = false)
    {
        var cursors = new List<IEnumerator<JournalEntry>>();
        var heads = new List<JournalEntry?>();
        foreach (var f in _files)
        {
            var e = f.Entries(reverse).GetEnumerator();
            cursors.Add(e);
            heads.Add(e.MoveNext() ? e.Current : null);
        }

        JournalEntry? last = null;
        while (true)
        {
            var best = -1;
            for (var i = 0; i < heads.Count; i++)
            {
                if (heads[i] is { } h && (best < 0 || Order(h, heads[best]!) * (reverse ? -1 : 1) < 0))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            var next = heads[best]!;
            heads[best] = cursors[best].MoveNext() ? cursors[best].Current : null;
            if (last is not null && Order(last, next) == 0)
            {
                continue;
            }

            last = next;
            yield return next;
        }

        foreach (var (c, f) in cursors.Zip(_files))
        {
            c.Dispose();
            if (f.LastError is { } error)
            {
                Errors.Add(f.Path is null ? error : $"{f.Path}: {error}");
            }
        }
    }

    /// <summary>The order of two entries from (possibly) different files.</summary>
    public static int Order(JournalEntry a, JournalEntry b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.SeqnumId == b.SeqnumId)
        {
            var r = a.Seqnum.CompareTo(b.Seqnum);
            if (r != 0)
            {
                return r;
            }
        }

        if (a.BootId == b.BootId)
        {
            var r = a.Monotonic.CompareTo(b.Monotonic);
            if (r != 0)
            {
                return r;
            }
        }

        var t = a.Realtime.CompareTo(b.Realtime);
        return t != 0 ? t : a.XorHash.CompareTo(b.XorHash);
    }
}
