using System.Diagnostics;

namespace Steward.Tests;

/// <summary>A Steward manager running for a temporary root, driven by the real binary's front end.</summary>
public sealed class DaemonRoot : IDisposable
{
    private readonly Process _daemon;

    public DaemonRoot(params (string Name, string Content)[] units)
    {
        Root = Directory.CreateTempSubdirectory("steward-daemon-").FullName;
        Directory.CreateDirectory(System.IO.Path.Join(Root, "etc/systemd/system"));
        foreach ((string name, string content) in units)
        {
            Write(name, content);
        }

        var info = new ProcessStartInfo(StewardBinary.Path) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("daemon");
        info.ArgumentList.Add($"--root={Root}");
        info.ArgumentList.Add("--log-target=console");
        _daemon = Process.Start(info)!;
        _daemon.ErrorDataReceived += (_, e) => Log.Add(e.Data ?? "");
        _daemon.OutputDataReceived += (_, e) => Log.Add(e.Data ?? "");
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(System.IO.Path.Join(Root, "run/systemd/private")))
        {
            if (_daemon.HasExited || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException("the daemon did not come up: " + string.Join("\n", Log));
            }

            Thread.Sleep(20);
        }
    }

    public string Root { get; }

    public List<string> Log { get; } = [];

    public void Write(string name, string content) => File.WriteAllText(System.IO.Path.Join(Root, "etc/systemd/system", name), content);

    public ProcessResult Steward(params string[] args) =>
        StewardBinary.Exec(StewardBinary.Path, new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" }, [$"--root={Root}", .. args]);

    /// <summary>Polls until <paramref name="condition"/> holds (services change state asynchronously).</summary>
    public bool WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    public void Dispose()
    {
        if (!_daemon.HasExited)
        {
            Process.Start("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!_daemon.WaitForExit(15000))
            {
                _daemon.Kill(entireProcessTree: true);
            }
        }

        _daemon.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

public sealed class DaemonTests
{
    private const string Sample =
        "[Unit]\nDescription=This is my test service\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n";

    [Fact]
    public void The_sample_service_starts_is_active_and_stops_again()
    {
        using var root = new DaemonRoot(("sample.service", Sample));
        Assert.Equal(0, root.Steward("daemon-reload").ExitCode);
        ProcessResult start = root.Steward("start", "sample.service");
        Assert.True(start.ExitCode == 0, start.Stderr);
        ProcessResult active = root.Steward("is-active", "sample.service");
        Assert.Equal(("active\n", 0), (active.Stdout, active.ExitCode));
        Assert.Equal(0, root.Steward("stop", "sample.service").ExitCode);
        ProcessResult inactive = root.Steward("is-active", "sample.service");
        Assert.Equal(("inactive\n", 3), (inactive.Stdout, inactive.ExitCode));
    }

    [Fact]
    public void A_failing_service_start_says_why_in_systemctls_words()
    {
        using var root = new DaemonRoot(("fail.service", "[Service]\nType=oneshot\nExecStart=/bin/false\n"));
        ProcessResult start = root.Steward("start", "fail.service");
        Assert.Equal(1, start.ExitCode);
        Assert.Equal(
            "Job for fail.service failed because the control process exited with error code.\n"
            + "See \"systemctl status fail.service\" and \"journalctl -xeu fail.service\" for details.\n",
            start.Stderr);
        ProcessResult failed = root.Steward("is-failed", "fail.service");
        Assert.Equal(("failed\n", 0), (failed.Stdout, failed.ExitCode));
    }

    [Fact]
    public void A_missing_unit_cannot_be_started()
    {
        using var root = new DaemonRoot();
        ProcessResult start = root.Steward("start", "nope.service");
        Assert.Equal((5, "Failed to start nope.service: Unit nope.service not found.\n"), (start.ExitCode, start.Stderr));
    }

    [Fact]
    public void A_masked_unit_cannot_be_started()
    {
        using var root = new DaemonRoot(("sample.service", Sample));
        Assert.Equal(0, root.Steward("mask", "sample.service").ExitCode);
        Assert.Equal(0, root.Steward("daemon-reload").ExitCode);
        ProcessResult start = root.Steward("start", "sample.service");
        Assert.Equal((1, "Failed to start sample.service: Unit sample.service is masked.\n"), (start.ExitCode, start.Stderr));
    }

    [Fact]
    public void A_crashing_service_with_restart_always_comes_back_with_a_new_pid()
    {
        using var root = new DaemonRoot(("r.service", "[Service]\nExecStart=/bin/sleep infinity\nRestart=always\nRestartSec=0\n"));
        Assert.Equal(0, root.Steward("start", "r.service").ExitCode);
        string pid = root.Steward("show", "-p", "MainPID", "--value", "r.service").Stdout.Trim();
        Process.Start("kill", ["-KILL", pid])!.WaitForExit();
        Assert.True(root.WaitFor(() => root.Steward("show", "-p", "NRestarts", "--value", "r.service").Stdout.Trim() == "1"));
        Assert.True(root.WaitFor(() => root.Steward("is-active", "r.service").Stdout == "active\n"));
        Assert.NotEqual(pid, root.Steward("show", "-p", "MainPID", "--value", "r.service").Stdout.Trim());
    }
}
