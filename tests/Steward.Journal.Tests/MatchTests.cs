namespace Steward.Journal.Tests;

public class MatchTests
{
    private static string Write(TempDir dir, int seed)
    {
        var random = new Random(seed);
        var path = dir.File("m.journal");
        using var w = JournalWriter.Create(path, new JournalWriterOptions { DataHashTableBuckets = 101, GrowthStep = 65536 });
        var boot = Id128.Random();
        for (var i = 0; i < 200; i++)
        {
            var fields = new List<JournalField> { JournalField.Text("MESSAGE", $"m{i}"), JournalField.Text("A", $"{random.Next(4)}"), JournalField.Text("B", $"{random.Next(3)}") };
            if (random.Next(3) == 0)
            {
                fields.Add(JournalField.Text("A", $"{random.Next(4)}"));
            }

            if (random.Next(2) == 0)
            {
                fields.Add(JournalField.Text("C", "x"));
            }

            w.Append(fields, 1_700_000_000_000_000 + (ulong)i, (ulong)i, boot);
        }

        return path;
    }

    [Fact]
    public void Terms_on_one_field_are_alternatives_and_on_different_fields_all_must_hold()
    {
        using var dir = new TempDir();
        var set = new JournalSet([JournalFile.Open(Write(dir, 1), out _)!]);
        var m = JournalMatch.Parse(["A=1", "A=2", "B=0"], out _)!;
        foreach (var e in set.Entries())
        {
            var a = e.Fields.Where(f => f.Name == "A").Select(f => System.Text.Encoding.ASCII.GetString(f.Value)).ToList();
            var expected = (a.Contains("1") || a.Contains("2")) && e.Get("B")![0] == '0';
            Assert.Equal(expected, m.Matches(e));
        }
    }

    [Theory]
    [InlineData("A")]
    [InlineData("=x")]
    [InlineData("+")]
    [InlineData("A=1", "+")]
    [InlineData("lower=1")]
    public void A_malformed_match_is_an_error(params string[] terms)
    {
        Assert.Null(JournalMatch.Parse(terms, out var error));
        Assert.NotNull(error);
    }

    [JournalctlFact]
    public void Generated_match_expressions_select_what_journalctl_selects()
    {
        var random = new Random(TestSeed.Get(30));
        using var dir = new TempDir();
        var path = Write(dir, TestSeed.Get(31));
        var set = new JournalSet([JournalFile.Open(path, out _)!]);
        for (var round = 0; round < 25; round++)
        {
            var terms = new List<string>();
            var n = random.Next(1, 6);
            for (var i = 0; i < n; i++)
            {
                if (i > 0 && random.Next(4) == 0)
                {
                    terms.Add("+");
                }

                terms.Add(random.Next(4) switch
                {
                    0 => $"A={random.Next(5)}",
                    1 => $"B={random.Next(4)}",
                    2 => "C=x",
                    _ => $"MESSAGE=m{random.Next(200)}",
                });
            }

            var match = JournalMatch.Parse(terms, out var error);
            Assert.True(match is not null, error);
            using var ms = new MemoryStream();
            foreach (var e in set.Entries(match))
            {
                JournalExport.Write(e, ms);
            }

            var (_, expected, _) = Journalctl.Run([$"--file={path}", "-o", "export", .. terms]);
            Assert.True(expected.AsSpan().SequenceEqual(ms.ToArray()), string.Join(' ', terms));
        }
    }
}
