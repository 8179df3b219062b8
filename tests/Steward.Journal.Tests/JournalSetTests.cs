namespace Steward.Journal.Tests;

public class JournalSetTests
{
    private static readonly ulong T0 = 1_700_000_000_000_000;

    /// <summary>A rotated pair (archived + active, one sequence), an unrelated file from another boot whose
    /// entries interleave by time, a copy of the archived file, and a damaged file.</summary>
    private static string MakeDirectory(TempDir dir)
    {
        var options = new JournalWriterOptions { DataHashTableBuckets = 101, GrowthStep = 65536 };
        var bootA = Id128.Random();
        var w = JournalWriter.Create(dir.File("system.journal"), options);
        for (var i = 0; i < 30; i++)
        {
            w.Append([JournalField.Text("MESSAGE", $"a{i}"), JournalField.Text("SRC", "a")], T0 + ((ulong)i * 1000), 5000 + ((ulong)i * 1000), bootA);
        }

        w = w.Rotate(out var archived);
        for (var i = 30; i < 50; i++)
        {
            w.Append([JournalField.Text("MESSAGE", $"a{i}"), JournalField.Text("SRC", "a")], T0 + ((ulong)i * 1000), 5000 + ((ulong)i * 1000), bootA);
        }

        w.Dispose();
        using (var c = JournalWriter.Create(dir.File("user-1000.journal"), options))
        {
            var bootC = Id128.Random();
            for (var j = 0; j < 40; j++)
            {
                c.Append([JournalField.Text("MESSAGE", $"c{j}"), JournalField.Text("SRC", "c")], T0 + 500 + ((ulong)j * 1500), 10 + (ulong)j, bootC);
            }
        }

        File.Copy(archived, dir.File("copy-of-archived.journal"));
        File.WriteAllBytes(dir.File("system@0000000000000001-0000000000000002.journal~"), [.. "LPKSHHRH"u8, 1, 2, 3]);
        return dir.Path;
    }

    [Fact]
    public void A_directory_merges_into_one_stream_keeping_each_sequence_in_order_without_duplicates()
    {
        using var dir = new TempDir();
        var set = JournalSet.OpenDirectory(MakeDirectory(dir));
        Assert.Equal(4, set.Files.Count);
        Assert.Single(set.Errors);
        var entries = set.Entries().ToList();
        Assert.Equal(90, entries.Count);
        var a = entries.Where(e => e.Get("SRC")![0] == 'a').Select(e => e.Seqnum);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), a);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (ulong)i), entries.Where(e => e.Get("SRC")![0] == 'c').Select(e => e.Seqnum));
        Assert.Equal(entries.Select(e => e.Cursor).Reverse(), set.Entries(reverse: true).Select(e => e.Cursor));
    }

    /// <summary>
    /// Generated files on one consistent timeline (wall clock = boot time + offset, so every way journalctl
    /// compares two entries agrees): files share boots (compared by monotonic time), timestamps collide across
    /// files (compared by XOR hash).
    /// </summary>
    private static string MakeGeneratedDirectory(TempDir dir, int seed)
    {
        var random = new Random(seed);
        var boots = new[] { Id128.Random(), Id128.Random() };
        var writers = Enumerable.Range(0, 4).Select(f => JournalWriter.Create(dir.File($"f{f}.journal"), new JournalWriterOptions { DataHashTableBuckets = 101, GrowthStep = 65536, Compact = f % 2 == 0 })).ToList();
        var t = 0UL;
        for (var i = 0; i < 240; i++)
        {
            t += (ulong)random.Next(0, 3) * 100;
            var f = random.Next(writers.Count);
            writers[f].Append([JournalField.Text("MESSAGE", $"f{f} {i} {random.Next(3)}")], T0 + t, t, boots[f % 2]);
        }

        foreach (var w in writers)
        {
            w.Dispose();
        }

        return dir.Path;
    }

    [JournalctlFact]
    public void Generated_directories_merge_as_journalctl_D_merges_them()
    {
        for (var round = 0; round < 5; round++)
        {
            using var dir = new TempDir();
            AssertMergesAsJournalctl(MakeGeneratedDirectory(dir, TestSeed.Get(20) + round));
        }
    }

    [JournalctlFact]
    public void A_merged_directory_exports_as_journalctl_D_exports_it()
    {
        using var dir = new TempDir();
        AssertMergesAsJournalctl(MakeDirectory(dir));
    }

    private static void AssertMergesAsJournalctl(string path)
    {
        foreach (var reverse in new[] { false, true })
        {
            var set = JournalSet.OpenDirectory(path);
            using var ms = new MemoryStream();
            foreach (var e in set.Entries(reverse))
            {
                JournalExport.Write(e, ms);
            }

            var args = new List<string> { $"--directory={path}", "-o", "export" };
            if (reverse)
            {
                args.Add("-r");
            }

            var (_, expected, stderr) = Journalctl.Run([.. args]);
            Assert.True(expected.AsSpan().SequenceEqual(ms.ToArray()), $"reverse={reverse}: {stderr}");
        }
    }
}
