using System.Collections.Concurrent;
using Steward.Exec;
using Steward.Manager.Definitions;
using Steward.Manager.Engine;

namespace Steward.Control;

/// <summary>
/// The manager's <see cref="IProcessSupervisor"/> over the execution layer: spawns through
/// <see cref="Spawner"/>, turns <see cref="ChildReaper"/> exits and <see cref="NotifySocket"/> messages
/// into events on the manager's loop, and groups each unit's processes in a cgroup when one can be made,
/// else in the process group its main process leads.
/// </summary>
public sealed class ExecSupervisor : IProcessSupervisor, IDisposable
{
    private readonly EventLoop _loop;
    private readonly ManagerOptions _options;
    private readonly ConcurrentDictionary<int, SpawnedProcess> _spawned = new();
    private readonly Dictionary<int, string> _spawnErrors = [];
    private readonly Cgroup? _subtree;
    private readonly NotifySocket? _notify;

    public ExecSupervisor(EventLoop loop, ManagerOptions options, Action<string> warn)
    {
        _loop = loop;
        _options = options;
        ChildReaper reaper = ChildReaper.Start();
        _ = PumpAsync(reaper);
        if (Cgroup2Hierarchy.Detect(out string? reason) is { } hierarchy)
        {
            try
            {
                _subtree = hierarchy.CreateManagerSubtree(options.Root);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warn($"No cgroup for units ({e.Message}); tracking them by process group.");
            }
        }
        else
        {
            warn($"No writable cgroup2 hierarchy ({reason}); tracking units by process group.");
        }

        try
        {
            string path = options.Physical("/run/systemd/notify");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _notify = NotifySocket.Bind(path);
            _ = PumpNotifyAsync(_notify);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecException)
        {
            warn($"Failed to bind the notify socket: {e.Message}");
        }
    }

    public event Action<ProcessExit>? ProcessExited;

    public event Action<int, IReadOnlyDictionary<string, string>>? NotifyReceived;

    private async Task PumpAsync(ChildReaper reaper)
    {
        await foreach (ChildExited exit in reaper.Events.ReadAllAsync().ConfigureAwait(false))
        {
            ChildExited e = exit;
            _loop.Post(() => OnExit(e));
        }
    }

    private async Task PumpNotifyAsync(NotifySocket socket)
    {
        await foreach (NotifyMessage message in socket.Messages.ReadAllAsync().ConfigureAwait(false))
        {
            NotifyMessage m = message;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in m.Fields)
            {
                fields[pair.Key] = pair.Value;
            }

            _loop.Post(() => NotifyReceived?.Invoke(m.Pid, fields));
        }
    }

    private void OnExit(ChildExited exit)
    {
        if (_spawned.TryRemove(exit.Pid, out SpawnedProcess? process))
        {
            ExecReport report = process.ReadReport();
            process.Dispose();
            var lines = new List<string>(report.Warnings);
            if (report.Failure is { } failure)
            {
                lines.AddRange(failure.LogLines(_lastPaths.GetValueOrDefault(exit.Pid, "")));
            }

            if (lines.Count > 0)
            {
                _spawnErrors[exit.Pid] = string.Join("\n", lines);
            }
        }

        _lastPaths.Remove(exit.Pid);
        ExitCode code = exit.Kind switch
        {
            ExitKind.Exited => ExitCode.Exited,
            ExitKind.Killed => ExitCode.Killed,
            _ => ExitCode.Dumped,
        };
        ProcessExited?.Invoke(new ProcessExit(exit.Pid, code, exit.Status));
    }

    private readonly Dictionary<int, string> _lastPaths = [];

    public int Spawn(SpawnRequest request)
    {
        ExecContextDefinition c = request.Context;
        string identifier = c.SyslogIdentifier ?? Path.GetFileName(request.Path);
        var limits = new List<ResourceLimit>();
        foreach ((string directive, string value) in c.Limits)
        {
            if (ResourceLimits.Parse(directive, value, out _) is { } limit)
            {
                limits.Add(limit);
            }
        }

        var exec = new ExecRequest
        {
            Path = request.Path,
            Arguments = request.Arguments,
            Environment = request.Environment,
            WorkingDirectory = c.WorkingDirectory == "~" ? null : c.WorkingDirectory,
            WorkingDirectoryMissingOk = c.WorkingDirectoryMissingOk,
            RootDirectory = c.RootDirectory,
            User = request.FullPrivileges ? null : c.User,
            Group = request.FullPrivileges ? null : c.Group,
            SupplementaryGroups = request.FullPrivileges ? [] : c.SupplementaryGroups,
            UMask = c.UMask,
            Nice = c.Nice,
            OomScoreAdjust = c.OomScoreAdjust,
            Limits = limits,
            NoNewPrivileges = c.NoNewPrivileges,
            Stdin = Input(c.StandardInput),
            Stdout = Output(c.StandardOutput, identifier, request.UnitId),
            Stderr = c.StandardError == "inherit" ? Output(c.StandardOutput, identifier, request.UnitId) : Output(c.StandardError, identifier, request.UnitId),
            CgroupPath = request.CgroupPath,
        };
        try
        {
            SpawnedProcess process = Spawner.Spawn(exec);
            _spawned[process.Pid] = process;
            _lastPaths[process.Pid] = request.Path;
            return process.Pid;
        }
        catch (ExecException e)
        {
            throw new SpawnFailedException(e.Failure?.Message ?? e.Message);
        }
    }

    private static StdioTarget Input(string spec) => spec switch
    {
        _ when spec.StartsWith("file:", StringComparison.Ordinal) => new StdioTarget.File(spec[5..], StdioFileMode.Read),
        "tty" or "tty-force" or "tty-fail" => StdioTarget.Inherit,
        _ => StdioTarget.Null,
    };

    private StdioTarget Output(string spec, string identifier, string unitId)
    {
        if (spec.StartsWith("file:", StringComparison.Ordinal))
        {
            return new StdioTarget.File(spec[5..], StdioFileMode.Write);
        }

        if (spec.StartsWith("append:", StringComparison.Ordinal))
        {
            return new StdioTarget.File(spec[7..], StdioFileMode.Append);
        }

        if (spec.StartsWith("truncate:", StringComparison.Ordinal))
        {
            return new StdioTarget.File(spec[9..], StdioFileMode.Truncate);
        }

        switch (spec)
        {
            case "null":
                return StdioTarget.Null;
            case "inherit" or "tty" or "console":
                return StdioTarget.Inherit;
        }

        // journal, journal+console, kmsg, syslog …: the journal's stream socket when it runs, else our own stdout.
        string socket = _options.Physical("/run/systemd/journal/stdout");
        return File.Exists(socket) ? new StdioTarget.Journal(socket, identifier, unitId, 6, LevelPrefix: true) : StdioTarget.Inherit;
    }

    public bool Signal(int pid, int signal) => pid > 0 && ProcessSignals.Send(pid, signal);

    public int SignalAll(string unitId, int leaderPid, int signal, int exceptPid = 0)
    {
        int count = 0;
        foreach (int pid in ProcessesOf(unitId, leaderPid))
        {
            if (pid != exceptPid && ProcessSignals.Send(pid, signal))
            {
                count++;
            }
        }

        return count;
    }

    public IReadOnlyList<int> ProcessesOf(string unitId, int leaderPid)
    {
        if (UnitGroup(unitId) is { Exists: true } group)
        {
            return group.AllPids();
        }

        if (leaderPid <= 0)
        {
            return [];
        }

        var members = new List<int>();
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int pid) && ProcFs.Stat(pid) is { ProcessGroup: var pgid } && pgid == leaderPid)
            {
                members.Add(pid);
            }
        }

        return members;
    }

    private Cgroup? UnitGroup(string unitId) => _subtree?.Child("system.slice/" + unitId);

    public string? CgroupOf(string unitId)
    {
        if (UnitGroup(unitId) is not { } group)
        {
            return null;
        }

        try
        {
            group.Create();
            return group.Path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string? TakeSpawnError(int pid) => _spawnErrors.Remove(pid, out string? message) ? message : null;

    public void Dispose() => _notify?.Dispose();
}
