using System.Text;
using System.Text.RegularExpressions;

namespace Steward.Tests;

/// <summary>Generated units, good and broken, through real systemd-analyze verify and Steward: same exit status,
/// and every <c>PATH:LINE:</c> finding of systemd's is also Steward's.</summary>
public sealed partial class VerifyDifferentialTests : IDisposable
{
    private const int Units = 240;

    private static readonly string[] UnitLines =
    [
        "Description=generated unit", "Documentation=man:true(1)", "After=network.target", "Wants=foo", "Wants=a.service b.service",
        "Before=multi-user.target", "DefaultDependencies=maybe", "DefaultDependencies=no", "StartLimitBurst=x", "StartLimitBurst=5",
        "JobTimeoutSec=zz", "JobTimeoutSec=10s", "Foo=bar", "Descripton=typo", "Requires=", "X-Custom=1",
    ];

    private static readonly string[] ServiceLines =
    [
        "ExecStart=/bin/true", "ExecStart=/bin/echo \"quoted arg\"", "ExecStart=/nonexistent/cmd", "ExecStartPre=-/bin/true",
        "Type=oneshot", "Type=simple", "Type=weird", "Restart=always", "Restart=sometimes", "RemainAfterExit=yes",
        "RemainAfterExit=foo", "TimeoutSec=abc", "TimeoutStartSec=1min 30s", "RestartSec=abc", "RestartSec=5", "KillMode=bad",
        "KillMode=mixed", "KillSignal=FOO", "KillSignal=SIGINT", "Nice=abc", "Nice=5", "PrivateTmp=true", "PrivateTmp=",
        "NotifyAccess=bad", "StandardOutput=bad", "StandardOutput=journal", "User=nobody", "Bar=1", "ExecStop=/bin/true",
        "WatchdogSec=1x", "Environment=A=b",
    ];

    private static readonly string[] TimerLines =
    [
        "OnActiveSec=5", "OnActiveSec=abc", "OnBootSec=1h", "Persistent=foo", "Persistent=true", "AccuracySec=x",
        "AccuracySec=1s", "OnCalendar=daily", "Unit=x.service", "Wrong=1",
    ];

    private static readonly string[] InstallLines =
        ["WantedBy=multi-user.target", "WantedBy=multiuser.target", "Alias=other.service", "Nope=1"];

    private static readonly string[] JunkLines =
        ["junkline", "# comment", "; comment", "", "   ", "[Servce]", "[X-Vendor]", "Orphan=1"];

    private readonly string _dir = Directory.CreateTempSubdirectory("steward-vdiff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void GeneratedUnitsGetSystemdsExitStatusAndAtLeastItsLineFindings()
    {
        // A fixed seed keeps CI deterministic; STEWARD_TEST_SEED=random (or a number) explores further.
        int seed = TestSeed.Get(9327140);
        var random = new Random(seed);
        var units = new List<string>();
        for (int i = 0; i < Units; i++)
        {
            bool timer = random.Next(5) == 0;
            string name = $"gen{i}.{(timer ? "timer" : "service")}";
            File.WriteAllText(Path.Join(_dir, name), Generate(random, timer));
            units.Add(name);
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(units, new ParallelOptions { MaxDegreeOfParallelism = 8 }, name =>
        {
            string file = Path.Join(_dir, name);
            ProcessResult real = StewardBinary.Exec("systemd-analyze", "verify", "--man=no", file);
            ProcessResult ours = StewardBinary.Run("analyze", "verify", "--man=no", file);
            if ((real.ExitCode == 0) != (ours.ExitCode == 0))
            {
                failures.Add($"{name}: exit {real.ExitCode} vs {ours.ExitCode}\n{File.ReadAllText(file)}\nsystemd:\n{real.Stderr}\nsteward:\n{ours.Stderr}");
            }

            string[] ourLines = ours.Stderr.Split('\n');
            foreach (string line in real.Stderr.Split('\n').Where(l => FileLine().IsMatch(l)))
            {
                if (!ourLines.Contains(line))
                {
                    failures.Add($"{name}: missing '{line}'\n{File.ReadAllText(file)}\nsteward:\n{ours.Stderr}");
                }
            }
        });

        Assert.True(failures.IsEmpty, $"seed {seed}:\n" + string.Join("\n---\n", failures.Take(40)));
    }

    private static string Generate(Random random, bool timer)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0)
        {
            text.Append(Pick(random, JunkLines)).Append('\n');
        }

        (string Header, string[] Pool)[] sections =
            [("[Unit]", UnitLines), timer ? ("[Timer]", TimerLines) : ("[Service]", ServiceLines), ("[Install]", InstallLines)];
        foreach (var (header, pool) in sections.Where(_ => random.Next(6) != 0))
        {
            text.Append(header).Append('\n');
            int count = random.Next(1, 6);
            for (int i = 0; i < count; i++)
            {
                string line = random.Next(8) == 0 ? Pick(random, JunkLines) : Pick(random, pool);
                if (random.Next(8) == 0 && line.Contains('=', StringComparison.Ordinal))
                {
                    // Split after the '=' into a continuation, sometimes with a comment line inside it.
                    int at = line.IndexOf('=', StringComparison.Ordinal) + 1;
                    line = line[..at] + "\\\n" + (random.Next(2) == 0 ? "# inside\n" : string.Empty) + line[at..];
                }

                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Pick(Random random, string[] pool) => pool[random.Next(pool.Length)];

    [GeneratedRegex("^/[^:]*:[0-9]+: ")]
    private static partial Regex FileLine();
}
