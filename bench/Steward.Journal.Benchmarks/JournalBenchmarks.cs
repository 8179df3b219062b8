using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace Steward.Journal.Benchmarks;

/// <summary>
/// Append and read throughput of journal files: 10,000 entries of eight fields each, shaped like a
/// service's stdout lines (a unique MESSAGE, the rest mostly repeated). One operation = all entries.
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    public const int Entries = 10_000;

    private readonly Id128 _boot = Id128.Random();
    private List<JournalField>[] _entries = [];
    private string _dir = "";
    private string _readPath = "";
    private JournalFile? _file;

    [Params(true, false)]
    public bool Compact { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("steward-journal-bench-").FullName;
        _entries = [.. Enumerable.Range(0, Entries).Select(Entry)];
        _readPath = Path.Combine(_dir, "read.journal");
        Write(_readPath);
        _file = JournalFile.Open(_readPath, out _);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private static List<JournalField> Entry(int i) =>
    [
        JournalField.Text("MESSAGE", $"GET /api/items/{i} 200 {i % 97} ms"),
        JournalField.Text("PRIORITY", (i % 8).ToString(CultureInfo.InvariantCulture)),
        JournalField.Text("SYSLOG_IDENTIFIER", "web"),
        JournalField.Text("_PID", (4000 + (i % 4)).ToString(CultureInfo.InvariantCulture)),
        JournalField.Text("_UID", "1000"),
        JournalField.Text("_COMM", "web"),
        JournalField.Text("_SYSTEMD_UNIT", "web.service"),
        JournalField.Text("_TRANSPORT", "stdout"),
    ];

    private void Write(string path)
    {
        using var w = JournalWriter.Create(path, new JournalWriterOptions { Compact = Compact });
        for (var i = 0; i < _entries.Length; i++)
        {
            w.Append(_entries[i], 1_700_000_000_000_000 + (ulong)i, (ulong)i, _boot);
        }
    }

    [Benchmark(Description = "append 10k entries")]
    public void Append() => Write(Path.Combine(_dir, "append.journal"));

    [Benchmark(Description = "open + read 10k entries")]
    public int Read()
    {
        var file = JournalFile.Open(_readPath, out _)!;
        var n = 0;
        foreach (var e in file.Entries())
        {
            n += e.Fields.Count;
        }

        return n;
    }

    [Benchmark(Description = "export 10k entries")]
    public void Export() => JournalExport.WriteAll(_file!, Stream.Null);

    [Benchmark(Description = "match PRIORITY=3 (1,250 entries)")]
    public int Match() => _file!.EntriesMatching("PRIORITY", "3"u8).Count;
}
