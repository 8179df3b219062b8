using System.Collections.Concurrent;

namespace Steward.Exec.Tests;

/// <summary>Shared by every test: the executor is STEWARD_BINARY or this assembly's apphost, one reaper for the test process, and
/// exits handed to whichever test waits for that pid (in either order).</summary>
internal static class Harness
{
    private static readonly ConcurrentDictionary<int, TaskCompletionSource<ChildExited>> s_exits = new();
    private static readonly object s_gate = new();
    private static bool s_started;

    public static void Start()
    {
        lock (s_gate)
        {
            if (s_started)
            {
                return;
            }

            // The published steward binary when test.sh provides it (the production wiring of --executor),
            // else this assembly's apphost.
            string? binary = Environment.GetEnvironmentVariable("STEWARD_BINARY");
            Spawner.ExecutorPath = binary is not null && File.Exists(binary)
                ? binary
                : Path.Combine(AppContext.BaseDirectory, "Steward.Exec.Tests");
            var reaper = ChildReaper.Start();
            _ = Task.Run(async () =>
            {
                await foreach (var exited in reaper.Events.ReadAllAsync())
                {
                    Slot(exited.Pid).TrySetResult(exited);
                }
            });
            s_started = true;
        }
    }

    public static SpawnedProcess Spawn(ExecRequest request)
    {
        Start();
        return Spawner.Spawn(request);
    }

    /// <summary>Waits for the reaper's report of <paramref name="pid"/> (generous bound: a hung child fails
    /// the test instead of hanging the run).</summary>
    public static async Task<ChildExited> WaitAsync(int pid)
    {
        var slot = Slot(pid);
        var exited = await slot.Task.WaitAsync(TimeSpan.FromSeconds(60));
        s_exits.TryRemove(pid, out _);
        return exited;
    }

    public static async Task<(ChildExited Exit, ExecReport Report)> RunAsync(ExecRequest request)
    {
        using var process = Spawn(request);
        var exited = await WaitAsync(process.Pid);
        return (exited, process.ReadReport());
    }

    private static TaskCompletionSource<ChildExited> Slot(int pid) =>
        s_exits.GetOrAdd(pid, _ => new TaskCompletionSource<ChildExited>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("steward-exec-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
