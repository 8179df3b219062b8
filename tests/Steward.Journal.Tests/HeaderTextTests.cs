using System.Diagnostics;

namespace Steward.Journal.Tests;

public class HeaderTextTests
{
    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(512UL, "512B")]
    [InlineData(1024UL, "1.0K")]
    [InlineData(57344UL, "56.0K")]
    [InlineData(3735552UL, "3.5M")]
    [InlineData(8UL << 20, "8.0M")]
    public void Byte_counts_are_formatted_as_systemd_formats_them(ulong bytes, string expected)
    {
        Assert.Equal(expected, JournalHeaderText.FormatBytes(bytes));
    }

    private static long DiskUsage(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true })!;
        var blocks = long.Parse(p.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        p.WaitForExit();
        return blocks * 512;
    }

    [JournalctlFact]
    public void The_header_text_is_what_journalctl_header_prints()
    {
        using var dir = new TempDir();
        var cases = new List<string>();
        var gen = new EntryGenerator(TestSeed.Get(40));
        var i = 0;
        foreach (var (compact, keyed, compression, count) in new[] { (true, true, JournalCompression.Zstd, 0), (false, false, JournalCompression.Lz4, 30), (true, false, JournalCompression.None, 300), (false, true, JournalCompression.None, 7) })
        {
            var path = dir.File($"h{i++}.journal");
            using (var w = JournalWriter.Create(path, new JournalWriterOptions { Compact = compact, KeyedHash = keyed, Compression = compression, DataHashTableBuckets = count == 300 ? 13 : null, GrowthStep = 65536 }))
            {
                for (var k = 0; k < count; k++)
                {
                    w.Append(gen.Next(k), 1_700_000_000_000_000 + ((ulong)k * 7_777_777), 3_600_000_000 + (ulong)k, Id128.Random());
                }
            }

            cases.Add(path);
        }

        foreach (var path in cases)
        {
            var file = JournalFile.Open(path, out _)!;
            var expected = System.Text.Encoding.UTF8.GetString(Journalctl.Run($"--file={path}", "--header").Stdout);
            Assert.Equal(expected.TrimEnd('\n'), JournalHeaderText.Format(file, path, DiskUsage(path)).TrimEnd('\n'));
        }
    }
}
