using System.Text;

namespace Steward.Journal.Tests;

public class RoundTripTests
{
    private static readonly Id128 Boot = Id128.FromBytes(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());

    private static JournalFile WriteAndOpen(TempDir dir, JournalWriterOptions options, IEnumerable<List<JournalField>> entries)
    {
        var path = dir.File("rt.journal");
        using (var w = JournalWriter.Create(path, options))
        {
            var i = 0UL;
            foreach (var e in entries)
            {
                i++;
                w.Append(e, 1_600_000_000_000_000 + (i * 10), 100 + i, Boot);
            }
        }

        var file = JournalFile.Open(path, out var error);
        Assert.Null(error);
        return file!;
    }

    public static TheoryData<bool, bool, JournalCompression> Layouts() => DifferentialTests.Layouts();

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_field_reads_back_byte_for_byte_in_every_layout(bool compact, bool keyed, JournalCompression compression)
    {
        using var dir = new TempDir();
        var gen = new EntryGenerator(7) { Binary = true, HugeEvery = 9, HugeSize = 5000 };
        var written = Enumerable.Range(0, 120).Select(gen.Next).ToList();
        var file = WriteAndOpen(dir, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression }, written);

        var read = file.Entries().ToList();
        Assert.Null(file.LastError);
        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < read.Count; i++)
        {
            var expected = written[i].Select(f => Convert.ToHexString(f.ToPayload())).Distinct().Order();
            var actual = read[i].Fields.Select(f => Convert.ToHexString(f.Payload!)).Order();
            Assert.Equal(expected, actual);
            Assert.Equal((ulong)i + 1, read[i].Seqnum);
            Assert.Equal(Boot, read[i].BootId);
        }
    }

    [Fact]
    public void Backward_iteration_yields_the_forward_entries_in_reverse()
    {
        using var dir = new TempDir();
        var gen = new EntryGenerator(8);
        var file = WriteAndOpen(dir, new JournalWriterOptions(), Enumerable.Range(0, 77).Select(gen.Next));
        Assert.Equal(file.Entries().Select(e => e.Seqnum).Reverse(), file.Entries(reverse: true).Select(e => e.Seqnum));
    }

    [Fact]
    public void A_field_repeated_with_the_same_value_in_one_entry_is_stored_once()
    {
        using var dir = new TempDir();
        var file = WriteAndOpen(dir, new JournalWriterOptions(), [[JournalField.Text("A", "1"), JournalField.Text("A", "1"), JournalField.Text("A", "2")]]);
        Assert.Equal(2, file.Entries().Single().Fields.Count);
        Assert.Equal(2UL, file.Header.NData);
        Assert.Equal(1UL, file.Header.NFields);
    }

    [Fact]
    public void Looking_up_a_value_finds_exactly_the_entries_that_carry_it()
    {
        using var dir = new TempDir();
        var entries = Enumerable.Range(0, 300).Select(i => new List<JournalField> { JournalField.Text("N", (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)), JournalField.Text("MESSAGE", "x") });
        var file = WriteAndOpen(dir, new JournalWriterOptions(), entries);
        var matches = file.EntriesMatching("N", "3"u8);
        Assert.Equal(Enumerable.Range(0, 300).Where(i => i % 7 == 3), matches);
        Assert.Equal(300, file.EntriesMatching("MESSAGE", "x"u8).Count);
        Assert.Empty(file.EntriesMatching("N", "8"u8));
        Assert.Empty(file.EntriesMatching("NOPE", "3"u8));
    }

    [Fact]
    public void Field_values_and_names_are_enumerated_once_each()
    {
        using var dir = new TempDir();
        var entries = Enumerable.Range(0, 50).Select(i => new List<JournalField> { JournalField.Text("N", (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)), JournalField.Text("M", "m") });
        var file = WriteAndOpen(dir, new JournalWriterOptions(), entries);
        Assert.Equal(["0", "1", "2", "3", "4"], file.FieldValues("N").Select(Encoding.UTF8.GetString).Order());
        Assert.Equal(["M", "N"], file.FieldNames().Order());
        Assert.Empty(file.FieldValues("X"));
    }

    [Fact]
    public void Seeking_by_realtime_seqnum_and_cursor_lands_on_the_first_entry_at_or_after_the_point()
    {
        using var dir = new TempDir();
        var gen = new EntryGenerator(9);
        var file = WriteAndOpen(dir, new JournalWriterOptions(), Enumerable.Range(0, 40).Select(gen.Next));
        Assert.Equal(0, file.SeekRealtime(0));
        Assert.Equal(5, file.SeekRealtime(1_600_000_000_000_000 + 60));
        Assert.Equal(5, file.SeekRealtime(1_600_000_000_000_000 + 55));
        Assert.Equal(-1, file.SeekRealtime(ulong.MaxValue));
        Assert.Equal(9, file.SeekSeqnum(10));
        var entry = file.ReadEntry(file.EntryOffsets[17], out _)!;
        Assert.Equal(17, file.SeekCursor(entry.Cursor));
        Assert.Equal(17, file.SeekCursor($"b={entry.BootId};m={entry.Monotonic:x}"));
        Assert.Equal(17, file.SeekCursor($"t={entry.Realtime:x}"));
        Assert.Equal(-1, file.SeekCursor("garbage"));
    }

    [Fact]
    public void The_header_counts_what_was_written()
    {
        using var dir = new TempDir();
        var file = WriteAndOpen(dir, new JournalWriterOptions { Compact = false, KeyedHash = false, Compression = JournalCompression.None, FirstSeqnum = 100 }, [[JournalField.Text("A", "1")], [JournalField.Text("A", "1"), JournalField.Text("B", "2")]]);
        var h = file.Header;
        Assert.Equal(JournalState.Offline, h.State);
        Assert.Equal(JournalIncompatibleFlags.None, h.IncompatibleFlags);
        Assert.Equal(2UL, h.NEntries);
        Assert.Equal(100UL, h.HeadEntrySeqnum);
        Assert.Equal(101UL, h.TailEntrySeqnum);
        Assert.Equal(2UL, h.NData);
        Assert.Equal(2UL, h.NFields);
        Assert.Equal(264UL, h.HeaderSize);
        Assert.Equal(Boot, h.TailEntryBootId);
    }

    [Fact]
    public void A_writer_that_never_closes_leaves_an_online_file_that_reads_and_verifies()
    {
        using var dir = new TempDir();
        var path = dir.File("crash.journal");
        var w = JournalWriter.Create(path, new JournalWriterOptions());
        for (var i = 0; i < 20; i++)
        {
            w.Append([JournalField.Text("MESSAGE", $"m{i}")], 1_600_000_000_000_000 + (ulong)i, (ulong)i, Boot);
        }

        var copy = dir.File("copy.journal");
        File.Copy(path, copy);
        var file = JournalFile.Open(copy, out var error)!;
        Assert.Null(error);
        Assert.Equal(JournalState.Online, file.Header.State);
        Assert.Equal(20, file.Entries().Count());
        if (Journalctl.Available)
        {
            Assert.Null(Journalctl.Verify(copy));
        }

        w.Dispose();
        Assert.Equal(JournalState.Offline, JournalFile.Open(path, out _)!.Header.State);
    }

    [Fact]
    public void An_archived_file_says_so_in_its_header()
    {
        using var dir = new TempDir();
        var path = dir.File("a.journal");
        var w = JournalWriter.Create(path);
        w.Append([JournalField.Text("A", "1")], 1, 1, Boot);
        w.Archive();
        Assert.Equal(JournalState.Archived, JournalFile.Open(path, out _)!.Header.State);
    }

    [Fact]
    public void An_xz_compressed_field_is_reported_as_unsupported_and_the_rest_of_the_entry_reads()
    {
        using var dir = new TempDir();
        var path = dir.File("xz.journal");
        using (var w = JournalWriter.Create(path, new JournalWriterOptions { Compression = JournalCompression.Zstd }))
        {
            w.Append([JournalField.Text("BIG", new string('x', 4000)), JournalField.Text("SMALL", "s")], 1, 1, Boot);
        }

        var bytes = File.ReadAllBytes(path);
        var file = JournalFile.FromBytes(bytes, out _)!;
        var big = file.Entries().Single().Fields.Single(f => f.Payload is { Length: > 100 });
        bytes[big.DataOffset + 1] = (byte)JournalCompression.Xz;
        var entry = JournalFile.FromBytes(bytes, out _)!.Entries().Single();
        Assert.Contains(entry.Fields, f => f.Error is not null && f.Error.Contains("unsupported compression: XZ", StringComparison.Ordinal));
        Assert.Equal("s"u8.ToArray(), entry.Get("SMALL"));
        using var ms = new MemoryStream();
        Assert.Single(JournalExport.Write(entry, ms));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lower")]
    [InlineData("1ABC")]
    [InlineData("A=B")]
    public void The_writer_refuses_an_invalid_field_name(string name)
    {
        using var dir = new TempDir();
        using var w = JournalWriter.Create(dir.File("x.journal"));
        Assert.Throws<ArgumentException>(() => w.Append([new JournalField(name, [1])], 1, 1, Boot));
    }

    [Fact]
    public void The_writer_refuses_an_entry_without_fields_or_with_an_invalid_realtime()
    {
        using var dir = new TempDir();
        using var w = JournalWriter.Create(dir.File("x.journal"));
        Assert.Throws<ArgumentException>(() => w.Append([], 1, 1, Boot));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Append([JournalField.Text("A", "1")], 0, 1, Boot));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("tab\there", true)]
    [InlineData("new\nline", false)]
    [InlineData("\u0085", false)]
    [InlineData("\u007f", false)]
    [InlineData("ü€😀", true)]
    [InlineData("\ufffe", false)]
    [InlineData("\ufdd0", false)]
    public void Export_prints_a_field_as_text_only_when_it_is_printable_utf8(string value, bool printable)
    {
        Assert.Equal(printable, JournalExport.IsPrintable(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public void Export_treats_overlong_and_surrogate_encodings_as_binary()
    {
        Assert.False(JournalExport.IsPrintable([0xC0, 0x80]));
        Assert.False(JournalExport.IsPrintable([0xED, 0xA0, 0x80]));
        Assert.False(JournalExport.IsPrintable([0xE2, 0x82]));
    }
}
