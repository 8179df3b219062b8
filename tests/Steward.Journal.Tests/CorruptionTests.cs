namespace Steward.Journal.Tests;

/// <summary>Damaged files: every operation either works or reports an error; none throws or hangs.</summary>
public class CorruptionTests
{
    private static byte[] Sample(bool compact, bool keyed, JournalCompression compression)
    {
        using var dir = new TempDir();
        var path = dir.File("s.journal");
        // Small growth steps keep the sample (and 300 copies of it) small.
        var gen = new EntryGenerator(11) { Binary = true, HugeEvery = 10, HugeSize = 3000 };
        using (var w = JournalWriter.Create(path, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression, DataHashTableBuckets = 31, FieldHashTableBuckets = 7, GrowthStep = 4096 }))
        {
            for (var i = 0; i < 40; i++)
            {
                w.Append(gen.Next(i), 1_600_000_000_000_000 + (ulong)i, (ulong)i, Id128.Random());
            }
        }

        return File.ReadAllBytes(path);
    }

    private static void Exercise(byte[] bytes)
    {
        var file = JournalFile.FromBytes(bytes, out var error);
        if (file is null)
        {
            Assert.NotNull(error);
            return;
        }

        using var sink = new MemoryStream();
        JournalExport.WriteAll(file, sink);
        foreach (var e in file.Entries(reverse: true))
        {
            _ = e.Cursor;
        }

        foreach (var name in file.FieldNames().Take(5))
        {
            foreach (var v in file.FieldValues(name).Take(5))
            {
                file.EntriesMatching(name, v);
            }
        }

        file.EntriesMatching("MESSAGE", "message 1 1"u8);
        file.SeekRealtime(1_600_000_000_000_010);
        file.SeekSeqnum(7);
        file.SeekCursor("s=00000000000000000000000000000000;i=3;t=5");
    }

    private static void Guarded(byte[] bytes, string what)
    {
        var task = Task.Run(() => Exercise(bytes));
        if (!task.Wait(TimeSpan.FromSeconds(20)))
        {
            Assert.Fail($"hang: {what}");
        }
    }

    public static TheoryData<bool, bool, JournalCompression> Layouts() => DifferentialTests.Layouts();

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Random_byte_flips_never_throw_or_hang(bool compact, bool keyed, JournalCompression compression)
    {
        var original = Sample(compact, keyed, compression);
        var random = new Random(TestSeed.Get(12));
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 12);
            for (var i = 0; i < flips; i++)
            {
                // Most flips land in the arena; some in the header, where the pointers are.
                var at = random.Next(4) == 0 ? random.Next(264) : random.Next(bytes.Length);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }

            Guarded(bytes, $"round {round}");
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Truncation_at_any_length_never_throws_or_hangs(bool compact, bool keyed, JournalCompression compression)
    {
        var original = Sample(compact, keyed, compression);
        var random = new Random(TestSeed.Get(13));
        for (var round = 0; round < 150; round++)
        {
            var length = round < 20 ? round * 16 : random.Next(original.Length);
            Guarded(original[..length], $"length {length}");
        }
    }

    [Theory]
    [InlineData(JournalCompression.Zstd)]
    [InlineData(JournalCompression.Lz4)]
    public void Damaged_compressed_payloads_become_field_errors_never_exceptions(JournalCompression compression)
    {
        var original = Sample(true, true, compression);
        var file = JournalFile.FromBytes(original, out _)!;
        var compressed = file.Entries().SelectMany(e => e.Fields).Select(f => f.DataOffset).Distinct()
            .Where(o => original[o + 1] != 0).ToList();
        Assert.NotEmpty(compressed);
        var random = new Random(TestSeed.Get(14));
        for (var round = 0; round < 400; round++)
        {
            var bytes = (byte[])original.Clone();
            var o = compressed[random.Next(compressed.Count)];
            var size = (int)BitConverter.ToUInt64(bytes, (int)o + 8);
            for (var i = 0; i < random.Next(1, 6); i++)
            {
                var at = (int)o + 72 + random.Next(size - 72);
                bytes[at] = (byte)random.Next(256);
            }

            Guarded(bytes, $"round {round}");
        }
    }

    [Fact]
    public void A_truncated_file_yields_the_entries_before_the_cut_and_an_error()
    {
        var original = Sample(true, true, JournalCompression.None);
        var full = JournalFile.FromBytes(original, out _)!;
        var cut = (int)full.EntryOffsets[^1] + 8;
        var file = JournalFile.FromBytes(original[..cut], out var error)!;
        Assert.Null(error);
        Assert.True(file.IsTruncated);
        var entries = file.Entries().ToList();
        Assert.NotEmpty(entries);
        Assert.True(entries.Count < full.EntryOffsets.Count);
        Assert.NotNull(file.LastError);
    }

    [Fact]
    public void A_cycle_in_the_entry_array_chain_is_reported_not_followed()
    {
        var bytes = Sample(false, false, JournalCompression.None);
        var file = JournalFile.FromBytes(bytes, out _)!;
        var first = (long)file.Header.EntryArrayOffset;
        // Point the first entry array at itself.
        BitConverter.TryWriteBytes(bytes.AsSpan((int)first + 16), first);
        var broken = JournalFile.FromBytes(bytes, out _)!;
        Assert.True(broken.EntryOffsets.Count <= file.EntryOffsets.Count);
        Assert.NotNull(broken.LastError);
    }

    [Theory]
    [InlineData(0, "too short")]
    [InlineData(1, "signature")]
    [InlineData(2, "incompatible flags")]
    [InlineData(3, "header size")]
    public void A_damaged_header_gives_a_clear_error(int damage, string expected)
    {
        var bytes = Sample(true, true, JournalCompression.Zstd);
        switch (damage)
        {
            case 0: bytes = bytes[..100]; break;
            case 1: bytes[0] = (byte)'X'; break;
            case 2: bytes[12] |= 0x80; break;
            default: bytes[88] = 3; break;
        }

        Assert.Null(JournalFile.FromBytes(bytes, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_gives_an_error_naming_it()
    {
        Assert.Null(JournalFile.Open("/nonexistent/x.journal", out var error));
        Assert.Contains("/nonexistent/x.journal", error, StringComparison.Ordinal);
    }
}
