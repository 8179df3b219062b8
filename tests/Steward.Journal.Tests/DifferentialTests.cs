namespace Steward.Journal.Tests;

/// <summary>
/// Files written by <see cref="JournalWriter"/> checked by real journalctl 252: <c>--verify</c> passes, and
/// <c>-o export</c> (forward, reverse, filtered), <c>-F</c> and <c>-N</c> equal what the reader produces.
/// </summary>
public class DifferentialTests
{
    public static TheoryData<bool, bool, JournalCompression> Layouts()
    {
        var data = new TheoryData<bool, bool, JournalCompression>();
        foreach (var compact in new[] { true, false })
        {
            foreach (var keyed in new[] { true, false })
            {
                data.Add(compact, keyed, JournalCompression.None);
            }
        }

        data.Add(true, true, JournalCompression.Zstd);
        data.Add(false, false, JournalCompression.Lz4);
        return data;
    }

    private static string Write(TempDir dir, JournalWriterOptions options, EntryGenerator gen, int count)
    {
        var path = dir.File("test.journal");
        using var w = JournalWriter.Create(path, options);
        var boots = new[] { Id128.Random(), Id128.Random() };
        var realtime = 1_700_000_000_000_000UL;
        var mono = 1_000_000UL;
        for (var i = 0; i < count; i++)
        {
            var boot = boots[i * 2 / count];
            realtime += (ulong)(i % 3) * 1000;
            mono += 17;
            w.Append(gen.Next(i), realtime, mono, boot);
        }

        return path;
    }

    private static byte[] Export(JournalFile file, bool reverse = false, IReadOnlyList<int>? only = null)
    {
        using var ms = new MemoryStream();
        if (only is not null)
        {
            foreach (var i in only)
            {
                Assert.Empty(JournalExport.Write(file.ReadEntry(file.EntryOffsets[i], out _)!, ms));
            }
        }
        else
        {
            foreach (var e in file.Entries(reverse))
            {
                Assert.Empty(JournalExport.Write(e, ms));
            }
        }

        Assert.Null(file.LastError);
        return ms.ToArray();
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            var i = 0;
            while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i])
            {
                i++;
            }

            var from = Math.Max(0, i - 200);
            Assert.Fail($"differ at byte {i} (lengths {expected.Length}/{actual.Length})\njournalctl: {Show(expected, from, i)}\nsteward:    {Show(actual, from, i)}");
        }
    }

    private static string Show(byte[] b, int from, int at) =>
        System.Text.Encoding.UTF8.GetString(b, from, Math.Min(b.Length, at + 60) - from).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void CheckAgainstJournalctl(string path, string field = "PRIORITY", string value = "3")
    {
        Assert.Null(Journalctl.Verify(path));
        var file = JournalFile.Open(path, out var error);
        Assert.Null(error);
        Assert.NotNull(file);

        var (status, export, stderr) = Journalctl.Run($"--file={path}", "-o", "export");
        Assert.True(status == 0, stderr);
        AssertSameBytes(export, Export(file));

        (status, export, stderr) = Journalctl.Run($"--file={path}", "-o", "export", "-r");
        Assert.True(status == 0, stderr);
        AssertSameBytes(export, Export(file, reverse: true));

        (_, export, _) = Journalctl.Run($"--file={path}", "-o", "export", $"{field}={value}");
        AssertSameBytes(export, Export(file, only: file.EntriesMatching(field, System.Text.Encoding.UTF8.GetBytes(value))));

        var (_, values, _) = Journalctl.Run($"--file={path}", "-F", field);
        // journalctl -F prints each value as a C string: it stops at the first NUL.
        AssertSameBytes(values, [.. file.FieldValues(field).SelectMany(v => v.TakeWhile(b => b != 0).Append((byte)'\n'))]);

        CheckJson(path, file, all: false);
        CheckJson(path, file, all: true);

        var (_, names, _) = Journalctl.Run($"--file={path}", "-N");
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(names).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal),
            file.FieldNames().Order(StringComparer.Ordinal));
    }

    /// <summary>journalctl prints JSON members in hash order, so objects are compared member by member.</summary>
    private static void CheckJson(string path, JournalFile file, bool all)
    {
        var args = new List<string> { $"--file={path}", "-o", "json" };
        if (all)
        {
            args.Add("--all");
        }

        var (status, json, stderr) = Journalctl.Run([.. args]);
        Assert.True(status == 0, stderr);
        var theirs = System.Text.Encoding.UTF8.GetString(json).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var ms = new MemoryStream();
        foreach (var e in file.Entries())
        {
            Assert.Empty(JournalJson.Write(e, ms, all));
        }

        var ours = System.Text.Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < ours.Length; i++)
        {
            using var a = System.Text.Json.JsonDocument.Parse(theirs[i]);
            using var b = System.Text.Json.JsonDocument.Parse(ours[i]);
            var ap = a.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            var bp = b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            Assert.Equal(ap.Keys.Order(StringComparer.Ordinal), bp.Keys.Order(StringComparer.Ordinal));
            foreach (var (k, v) in ap)
            {
                Assert.True(System.Text.Json.JsonElement.DeepEquals(v, bp[k]), $"entry {i} field {k}: journalctl {Clip(v.GetRawText())} steward {Clip(bp[k].GetRawText())}");
            }
        }
    }

    private static string Clip(string s) => s.Length > 200 ? s[..200] + "…" : s;

    [JournalctlFact]
    public void Values_around_the_json_size_threshold_and_repeated_fields_match_journalctl()
    {
        using var dir = new TempDir();
        var path = dir.File("t.journal");
        using (var w = JournalWriter.Create(path, new JournalWriterOptions { DataHashTableBuckets = 101 }))
        {
            var t = 1_700_000_000_000_000UL;
            foreach (var n in new[] { 4094, 4095, 4096, 4097, 9000 })
            {
                w.Append([JournalField.Text("MESSAGE", "m"), new JournalField("V", new byte[n]), JournalField.Text("T", new string('x', n))], t++, t, Id128.Random());
            }

            w.Append([JournalField.Text("A", "1"), JournalField.Text("A", "2"), new JournalField("A", [0, 1]), JournalField.Text("B", "x\ny\"z\\"), JournalField.Text("A", new string('q', 5000))], t++, t, Id128.Random());
        }

        CheckAgainstJournalctl(path);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Text_entries_crossing_entry_array_boundaries_verify_and_export_as_journalctl_does(bool compact, bool keyed, JournalCompression compression)
    {
        using var dir = new TempDir();
        var path = Write(dir, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression }, new EntryGenerator(TestSeed.Get(1)), 700);
        CheckAgainstJournalctl(path);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Binary_and_non_utf8_values_verify_and_export_as_journalctl_does(bool compact, bool keyed, JournalCompression compression)
    {
        using var dir = new TempDir();
        var path = Write(dir, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression }, new EntryGenerator(TestSeed.Get(2)) { Binary = true }, 300);
        CheckAgainstJournalctl(path);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Huge_fields_verify_and_export_as_journalctl_does(bool compact, bool keyed, JournalCompression compression)
    {
        using var dir = new TempDir();
        var path = Write(dir, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression }, new EntryGenerator(TestSeed.Get(3)) { HugeEvery = 5, Binary = true }, 40);
        CheckAgainstJournalctl(path);
    }

    [JournalctlFact]
    public void Entries_with_two_hundred_fields_and_a_tiny_hash_table_verify_and_export_as_journalctl_does()
    {
        using var dir = new TempDir();
        var options = new JournalWriterOptions { DataHashTableBuckets = 7, FieldHashTableBuckets = 3 };
        var path = Write(dir, options, new EntryGenerator(TestSeed.Get(4)) { MaxFields = 200 }, 60);
        CheckAgainstJournalctl(path);
    }

    [JournalctlFact]
    public void The_header_journalctl_prints_matches_what_the_reader_reads()
    {
        using var dir = new TempDir();
        var path = Write(dir, new JournalWriterOptions(), new EntryGenerator(TestSeed.Get(5)), 30);
        var file = JournalFile.Open(path, out _)!;
        var text = System.Text.Encoding.UTF8.GetString(Journalctl.Run($"--file={path}", "--header").Stdout);
        Assert.Contains($"File ID: {file.Header.FileId}", text, StringComparison.Ordinal);
        Assert.Contains($"Sequential number ID: {file.Header.SeqnumId}", text, StringComparison.Ordinal);
        Assert.Contains("State: OFFLINE", text, StringComparison.Ordinal);
        Assert.Contains("Incompatible flags: COMPRESSED-ZSTD KEYED-HASH COMPACT", text, StringComparison.Ordinal);
        Assert.Contains("Header size: 264", text, StringComparison.Ordinal);
        Assert.Contains($"Entry objects: {file.Header.NEntries}", text, StringComparison.Ordinal);
        Assert.Contains($"Data objects: {file.Header.NData}", text, StringComparison.Ordinal);
        Assert.Contains($"Tail sequential number: {file.Header.TailEntrySeqnum} ", text, StringComparison.Ordinal);
    }

    [JournalctlFact]
    public void Entries_after_a_cursor_are_the_ones_journalctl_prints_after_it()
    {
        using var dir = new TempDir();
        var path = Write(dir, new JournalWriterOptions(), new EntryGenerator(TestSeed.Get(6)), 50);
        var file = JournalFile.Open(path, out _)!;
        var cursor = file.ReadEntry(file.EntryOffsets[20], out _)!.Cursor;
        var (_, export, _) = Journalctl.Run($"--file={path}", "-o", "export", "--after-cursor", cursor);
        var after = file.SeekCursor(cursor) + 1;
        Assert.Equal(21, after);
        AssertSameBytes(export, Export(file, only: [.. Enumerable.Range(after, file.EntryOffsets.Count - after)]));
    }
}
