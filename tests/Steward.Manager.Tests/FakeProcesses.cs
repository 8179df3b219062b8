using Steward.Manager.Engine;

namespace Steward.Manager.Tests;

/// <summary>A supervisor that runs nothing: tests see each spawn and decide how each process ends.</summary>
internal sealed class FakeProcesses : IProcessSupervisor
{
    private int _nextPid = 1000;

    public List<(int Pid, SpawnRequest Request)> Spawned { get; } = [];

    public HashSet<int> Alive { get; } = [];

    public List<(int Pid, int Signal)> Signals { get; } = [];

    /// <summary>When set, a signal ends the process at once (as a well-behaved daemon would).</summary>
    public bool DieOnSignal { get; set; } = true;

    public Action<Action>? Post { get; set; }

    public event Action<ProcessExit>? ProcessExited;

    public event Action<int, IReadOnlyDictionary<string, string>>? NotifyReceived;

    public int Spawn(SpawnRequest request)
    {
        int pid = _nextPid++;
        Spawned.Add((pid, request));
        Alive.Add(pid);
        return pid;
    }

    public bool Signal(int pid, int signal)
    {
        if (!Alive.Contains(pid))
        {
            return false;
        }

        Signals.Add((pid, signal));
        if (DieOnSignal)
        {
            // Like a real process, it dies later: its exit arrives as a separate event on the loop.
            Post?.Invoke(() => Exit(pid, ExitCode.Killed, signal));
        }

        return true;
    }

    public int SignalAll(string unitId, int leaderPid, int signal, int exceptPid = 0) => 0;

    public IReadOnlyList<int> ProcessesOf(string unitId, int leaderPid) => [];

    public string? CgroupOf(string unitId) => null;

    public string? TakeSpawnError(int pid) => null;

    public void Exit(int pid, ExitCode code, int status)
    {
        if (Alive.Remove(pid))
        {
            ProcessExited?.Invoke(new ProcessExit(pid, code, status));
        }
    }

    public void Notify(int pid, params (string Key, string Value)[] fields) =>
        NotifyReceived?.Invoke(pid, fields.ToDictionary(f => f.Key, f => f.Value));

    public int PidOf(string path) => Spawned.FindLast(s => s.Request.Path == path).Pid;
}

internal sealed class ListLog : IManagerLog
{
    public List<ManagerLogEntry> Entries { get; } = [];

    public IEnumerable<string> Messages => Entries.Select(e => e.Message);

    public void Write(ManagerLogEntry entry) => Entries.Add(entry);
}
