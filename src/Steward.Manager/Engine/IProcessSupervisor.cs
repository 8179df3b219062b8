using Steward.Manager.Definitions;

namespace Steward.Manager.Engine;

/// <summary>How a process ended, as waitid reports it.</summary>
public enum ExitCode
{
    Exited = 1,
    Killed = 2,
    Dumped = 3,
}

/// <summary>A child's end: <see cref="Status"/> is the exit status or the signal number.</summary>
public readonly record struct ProcessExit(int Pid, ExitCode Code, int Status)
{
    public bool IsCleanExit => Code == ExitCode.Exited && Status == 0;
}

/// <summary>What to run for a unit: one command line, fully expanded, with its context.</summary>
public sealed record SpawnRequest(
    string UnitId,
    string Path,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Environment,
    ExecContextDefinition Context,
    string? CgroupPath,
    bool FullPrivileges);

/// <summary>A spawn that failed before the command ran (fork, executor start).</summary>
public sealed class SpawnFailedException(string message) : Exception(message);

/// <summary>
/// The operating-system side of supervision, as the engine sees it. Implementations post every
/// event onto the <see cref="EventLoop"/>; the engine never blocks on them.
/// </summary>
public interface IProcessSupervisor
{
    /// <summary>Starts a process; its end is reported through <see cref="ProcessExited"/>.</summary>
    int Spawn(SpawnRequest request);

    /// <summary>Sends a signal to one process; false when it is gone.</summary>
    bool Signal(int pid, int signal);

    /// <summary>Sends a signal to every process of the unit's group (cgroup, else process group of
    /// <paramref name="leaderPid"/>), except <paramref name="exceptPid"/>; returns how many were signalled.</summary>
    int SignalAll(string unitId, int leaderPid, int signal, int exceptPid = 0);

    /// <summary>The processes still in the unit's group.</summary>
    IReadOnlyList<int> ProcessesOf(string unitId, int leaderPid);

    /// <summary>The cgroup path (relative to the manager's hierarchy root) a unit's processes go into,
    /// or null when no cgroup can be made here.</summary>
    string? CgroupOf(string unitId);

    event Action<ProcessExit>? ProcessExited;

    /// <summary>A message on the notify socket: sender pid and its KEY=VALUE fields.</summary>
    event Action<int, IReadOnlyDictionary<string, string>>? NotifyReceived;

    /// <summary>The executor's own failure report for a pid (e.g. "Failed to execute /x: No such file or
    /// directory"), when the command never ran; null otherwise.</summary>
    string? TakeSpawnError(int pid);
}
