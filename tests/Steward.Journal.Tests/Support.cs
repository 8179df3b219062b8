using System.Diagnostics;
using System.Globalization;

namespace Steward.Journal.Tests;

/// <summary>A fact that runs only where systemd's journalctl is installed.</summary>
public sealed class JournalctlFactAttribute : FactAttribute
{
    public JournalctlFactAttribute()
    {
        if (!Journalctl.Available)
        {
            Skip = "journalctl is not installed";
        }
    }
}

public static class Journalctl
{
    public static bool Available { get; } = File.Exists("/usr/bin/journalctl") || File.Exists("/bin/journalctl");

    public static (int Status, byte[] Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("journalctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SYSTEMD_COLORS"] = "0";
        psi.Environment["SYSTEMD_PAGER"] = "cat";
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        return (p.ExitCode, ms.ToArray(), stderr.Result);
    }

    /// <summary>Runs <c>journalctl --file=F --verify</c>; returns null when it passes, else its complaint.</summary>
    public static string? Verify(string file)
    {
        var (status, stdout, stderr) = Run($"--file={file}", "--verify");
        var text = System.Text.Encoding.UTF8.GetString(stdout) + stderr;
        return status == 0 && text.Contains("PASS", StringComparison.Ordinal) ? null : $"status {status}: {text}";
    }
}

public static class TestSeed
{
    public static int Get(int fallback)
    {
        var value = Environment.GetEnvironmentVariable("STEWARD_TEST_SEED");
        if (value == "random")
        {
            return Environment.TickCount;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;
    }
}

/// <summary>A scratch directory removed at the end of a test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("steward-journal-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Generated entries for round trips and differential tests.</summary>
public sealed class EntryGenerator(int seed)
{
    private static readonly string[] Names = ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "_PID", "_UID", "_COMM", "CODE_FILE", "CODE_LINE", "_SYSTEMD_UNIT", "X_BLOB", "FOO_0", "A"];

    private readonly Random _random = new(seed);

    public bool Binary { get; init; }

    public int MaxFields { get; init; } = 8;

    public int HugeEvery { get; init; }

    public int HugeSize { get; init; } = 300_000;

    public List<JournalField> Next(int index)
    {
        var fields = new List<JournalField>
        {
            JournalField.Text("MESSAGE", $"message {index} {_random.Next(20)}"),
        };
        var n = _random.Next(1, MaxFields + 1);
        for (var i = 0; i < n; i++)
        {
            var name = _random.Next(4) == 0 ? $"F_{_random.Next(MaxFields * 2)}" : Names[_random.Next(Names.Length)];
            byte[] value;
            switch (_random.Next(Binary ? 5 : 3))
            {
                case 0:
                    value = System.Text.Encoding.UTF8.GetBytes(_random.Next(10).ToString(CultureInfo.InvariantCulture));
                    break;
                case 1:
                    value = System.Text.Encoding.UTF8.GetBytes($"text ü € 😀 {index % 17}");
                    break;
                case 2:
                    value = new byte[_random.Next(0, 1200)];
                    for (var k = 0; k < value.Length; k++)
                    {
                        value[k] = (byte)('a' + (k % 26));
                    }

                    break;
                case 3:
                    value = new byte[_random.Next(0, 64)];
                    _random.NextBytes(value);
                    break;
                default:
                    value = [(byte)'a', (byte)'\n', (byte)'b', 0x7F, 0xC2, 0x85, 0xC0, 0x80, 0xED, 0xA0, 0x80, (byte)'\t', 0xEF, 0xBF, 0xBE];
                    value = value[.._random.Next(1, value.Length + 1)];
                    break;
            }

            fields.Add(new JournalField(name, value));
        }

        if (HugeEvery > 0 && index % HugeEvery == 0)
        {
            var huge = new byte[HugeSize];
            _random.NextBytes(huge.AsSpan(0, HugeSize / 4));
            fields.Add(new JournalField("HUGE", huge));
        }

        return fields;
    }
}
