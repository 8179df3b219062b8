namespace Steward.Journal.Tests;

public class RotationTests
{
    private static readonly Id128 Boot = Id128.Random();

    private static void Fill(JournalWriter w, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            w.Append([JournalField.Text("MESSAGE", $"m{i}"), JournalField.Text("N", (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture))], 1_600_000_000_000_000 + (ulong)i, (ulong)i, Boot);
        }
    }

    private static void AssertVerifiesAndExportsAsJournalctl(string path)
    {
        if (!Journalctl.Available)
        {
            return;
        }

        Assert.Null(Journalctl.Verify(path));
        var file = JournalFile.Open(path, out _)!;
        using var ms = new MemoryStream();
        Assert.Empty(JournalExport.WriteAll(file, ms));
        Assert.True(Journalctl.Run($"--file={path}", "-o", "export").Stdout.AsSpan().SequenceEqual(ms.ToArray()));
    }

    [Fact]
    public void An_archived_name_carries_the_seqnum_id_head_seqnum_and_head_realtime_in_hex()
    {
        var id = Id128.FromBytes(Enumerable.Repeat((byte)0xab, 16).ToArray());
        var name = JournalNaming.ArchivedPath("/var/log/journal/m/system.journal", id, 0x2a, 0x5f5e100);
        Assert.Equal($"/var/log/journal/m/system@{id}-000000000000002a-0000000005f5e100.journal", name);
        Assert.True(JournalNaming.TryParseArchived(name, out var stem, out var parsed, out var seq, out var rt));
        Assert.Equal(("system", id, 0x2aUL, 0x5f5e100UL), (stem, parsed, seq, rt));
        Assert.False(JournalNaming.TryParseArchived("system.journal", out _, out _, out _, out _));
        Assert.False(JournalNaming.TryParseArchived("user-1000@0000000000000001-0000000000000002.journal~", out _, out _, out _, out _));
    }

    [Fact]
    public void A_set_aside_dirty_file_is_named_with_the_time_and_a_random_number_and_a_tilde()
    {
        Assert.Equal("/j/system@00000000000003e8-00000000000000ff.journal~", JournalNaming.DisposedPath("/j/system.journal", 1000, 255));
    }

    [Fact]
    public void Reopening_a_cleanly_closed_file_continues_it()
    {
        using var dir = new TempDir();
        var path = dir.File("system.journal");
        var options = new JournalWriterOptions { DataHashTableBuckets = 53 };
        using (var w = JournalWriter.Create(path, options))
        {
            Fill(w, 0, 45);
        }

        using (var w = JournalWriter.Open(path, out var moved, options))
        {
            Assert.Null(moved);
            Fill(w, 45, 80);
        }

        var file = JournalFile.Open(path, out _)!;
        Assert.Equal(Enumerable.Range(1, 125).Select(i => (ulong)i), file.Entries().Select(e => e.Seqnum));
        Assert.Equal(25, file.EntriesMatching("N", "3"u8).Count);
        Assert.Equal(5, file.FieldValues("N").Count);
        AssertVerifiesAndExportsAsJournalctl(path);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Reopening_continues_files_in_their_own_layout(bool compact, bool keyed)
    {
        using var dir = new TempDir();
        var path = dir.File("system.journal");
        using (var w = JournalWriter.Create(path, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = JournalCompression.Lz4, CompressThreshold = 8 }))
        {
            Fill(w, 0, 10);
        }

        using (var w = JournalWriter.Open(path, out _, new JournalWriterOptions()))
        {
            Fill(w, 10, 10);
        }

        var file = JournalFile.Open(path, out _)!;
        Assert.Equal(compact, file.Header.IsCompact);
        Assert.Equal(keyed, file.Header.IsKeyedHash);
        Assert.Equal(20, file.Entries().Count());
        AssertVerifiesAndExportsAsJournalctl(path);
    }

    [Fact]
    public void A_file_left_online_by_a_crash_is_set_aside_and_a_new_one_continues_the_numbering()
    {
        using var dir = new TempDir();
        var path = dir.File("system.journal");
        var crashed = JournalWriter.Create(path, new JournalWriterOptions { DataHashTableBuckets = 53 });
        Fill(crashed, 0, 12);
        var seqnumId = crashed.SeqnumId;

        // The crashed writer's handle stays open, as a dead process's would not; the file is still online.
        using (var w = JournalWriter.Open(path, out var moved))
        {
            Assert.NotNull(moved);
            Assert.EndsWith(".journal~", moved, StringComparison.Ordinal);
            Assert.StartsWith(dir.File("system@"), moved, StringComparison.Ordinal);
            Assert.Equal(seqnumId, w.SeqnumId);
            Assert.Equal(13UL, w.NextSeqnum);
            Fill(w, 12, 3);
            Assert.Equal(JournalState.Online, JournalFile.Open(moved, out _)!.Header.State);
        }

        crashed.Dispose();
        Assert.Equal(new ulong[] { 13, 14, 15 }, JournalFile.Open(path, out _)!.Entries().Select(e => e.Seqnum));
    }

    [Fact]
    public void A_damaged_file_is_set_aside_and_replaced()
    {
        using var dir = new TempDir();
        var path = dir.File("system.journal");
        File.WriteAllBytes(path, [.. "LPKSHHRH"u8, 0, 0]);
        using var w = JournalWriter.Open(path, out var moved);
        Assert.NotNull(moved);
        Assert.True(File.Exists(moved));
        Assert.Equal(1UL, w.NextSeqnum);
    }

    [Fact]
    public void Rotation_archives_the_file_under_its_archived_name_and_continues_in_a_new_one()
    {
        using var dir = new TempDir();
        var path = dir.File("system.journal");
        var w = JournalWriter.Create(path, new JournalWriterOptions { DataHashTableBuckets = 53 });
        Fill(w, 0, 30);
        var seqnumId = w.SeqnumId;
        var firstFileId = w.FileId;
        var next = w.Rotate(out var archived);
        Fill(next, 30, 5);
        next.Dispose();

        Assert.Equal(JournalNaming.ArchivedPath(path, seqnumId, 1, 1_600_000_000_000_000), archived);
        var old = JournalFile.Open(archived, out _)!;
        Assert.Equal(JournalState.Archived, old.Header.State);
        Assert.Equal(30, old.Entries().Count());
        var current = JournalFile.Open(path, out _)!;
        Assert.Equal(seqnumId, current.Header.SeqnumId);
        Assert.NotEqual(firstFileId, current.Header.FileId);
        Assert.Equal(31UL, current.Header.HeadEntrySeqnum);
        AssertVerifiesAndExportsAsJournalctl(archived);
        AssertVerifiesAndExportsAsJournalctl(path);

    }

    [Fact]
    public void Rotation_is_suggested_when_the_data_hash_table_fills_beyond_three_quarters()
    {
        using var dir = new TempDir();
        using var w = JournalWriter.Create(dir.File("x.journal"), new JournalWriterOptions { DataHashTableBuckets = 8 });
        Fill(w, 0, 2);
        Assert.False(w.RotateSuggested);
        Fill(w, 2, 3);
        Assert.True(w.RotateSuggested);
    }
}
