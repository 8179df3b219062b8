namespace Steward.Exec.Tests;

public class SpawnerTests
{
    private static ExecRequest Shell(string script, string output, bool executor = true) => new()
    {
        Path = "/bin/sh",
        Arguments = ["sh", "-c", script],
        Environment = ["PATH=/usr/bin:/bin"],
        Stdout = new StdioTarget.File(output, StdioFileMode.Truncate),
        // A no-op setting that forces the executor path where the test is about the executor.
        UMask = executor ? 0x12 : null,
    };

    [Fact]
    public async Task Echo_writes_its_arguments_to_the_stdout_file()
    {
        using var dir = new TempDir();
        string output = dir.File("out");
        var (exit, report) = await Harness.RunAsync(new ExecRequest
        {
            Path = "/bin/echo",
            Arguments = ["echo", "hello", "world"],
            Stdout = new StdioTarget.File(output, StdioFileMode.Truncate),
        });
        Assert.Equal(new ChildExited(exit.Pid, ExitKind.Exited, 0), exit);
        Assert.Null(report.Failure);
        Assert.Equal("hello world\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task The_environment_is_passed_exactly()
    {
        using var dir = new TempDir();
        string output = dir.File("env");
        var (exit, _) = await Harness.RunAsync(new ExecRequest
        {
            Path = "/usr/bin/env",
            Arguments = ["env"],
            Environment = ["A=1", "B=two words", "EMPTY="],
            Stdout = new StdioTarget.File(output, StdioFileMode.Truncate),
        });
        Assert.True(exit.Succeeded);
        Assert.Equal("A=1\nB=two words\nEMPTY=\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task The_working_directory_is_applied()
    {
        using var dir = new TempDir();
        string output = dir.File("pwd");
        var (exit, _) = await Harness.RunAsync(Shell("pwd", output) with { WorkingDirectory = dir.Path });
        Assert.True(exit.Succeeded);
        Assert.Equal(dir.Path + "\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task A_missing_executable_exits_203_with_systemds_message()
    {
        var (exit, report) = await Harness.RunAsync(new ExecRequest
        {
            Path = "/bin/nope-steward",
            Arguments = ["nope"],
            UMask = 0x12,
        });
        Assert.Equal(new ChildExited(exit.Pid, ExitKind.Exited, 203), exit);
        Assert.NotNull(report.Failure);
        Assert.Equal(
            ["Failed to locate executable /bin/nope-steward: No such file or directory",
             "Failed at step EXEC spawning /bin/nope-steward: No such file or directory"],
            report.Failure.LogLines("/bin/nope-steward"));
    }

    [Fact]
    public void A_missing_executable_on_the_direct_path_throws_with_203()
    {
        var request = new ExecRequest { Path = "/bin/nope-steward", Arguments = ["nope"] };
        Assert.True(Spawner.CanSpawnDirectly(request));
        Harness.Start();
        var e = Assert.Throws<ExecException>(() => Spawner.Spawn(request));
        Assert.Equal(203, e.Failure?.ExitStatus);
        Assert.Equal("Failed to locate executable /bin/nope-steward: No such file or directory", e.Failure?.Message);
    }

    [Fact]
    public async Task A_missing_working_directory_exits_200()
    {
        var (exit, report) = await Harness.RunAsync(new ExecRequest
        {
            Path = "/bin/true",
            Arguments = ["true"],
            WorkingDirectory = "/nonexistent-steward",
        });
        Assert.Equal(200, exit.Status);
        Assert.Equal(
            ["Changing to the requested working directory failed: No such file or directory",
             "Failed at step CHDIR spawning /bin/true: No such file or directory"],
            report.Failure!.LogLines("/bin/true"));
    }

    [Fact]
    public async Task A_missing_working_directory_marked_with_a_dash_is_fine()
    {
        using var dir = new TempDir();
        string output = dir.File("pwd");
        var (exit, report) = await Harness.RunAsync(Shell("pwd", output) with
        {
            WorkingDirectory = "/nonexistent-steward",
            WorkingDirectoryMissingOk = true,
        });
        Assert.True(exit.Succeeded);
        Assert.Null(report.Failure);
        Assert.Equal("/\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task The_umask_is_applied()
    {
        using var dir = new TempDir();
        string output = dir.File("umask");
        var (exit, _) = await Harness.RunAsync(Shell("umask", output) with { UMask = Convert.ToInt32("027", 8) });
        Assert.True(exit.Succeeded);
        Assert.Equal("0027\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task The_reaper_reports_exit_codes_and_signals()
    {
        using var dir = new TempDir();
        var (killed, _) = await Harness.RunAsync(Shell("kill -9 $$", dir.File("a"), executor: false));
        Assert.Equal(ExitKind.Killed, killed.Kind);
        Assert.Equal(9, killed.Status);
        var (exited, _) = await Harness.RunAsync(Shell("exit 7", dir.File("b")));
        Assert.Equal(ExitKind.Exited, exited.Kind);
        Assert.Equal(7, exited.Status);
    }
}
