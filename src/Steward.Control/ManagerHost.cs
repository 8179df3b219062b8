using System.Runtime.InteropServices;
using Steward.Bus;
using Steward.Install;
using Steward.Manager.Engine;
using Steward.Manager.Jobs;
using Steward.Manager.Units;
using Steward.Units.Loading;

namespace Steward.Control;

/// <summary>How <c>steward daemon</c> was asked to run.</summary>
public sealed record DaemonOptions(UnitScope Scope, string Root, string DefaultUnit, bool LogToConsole);

/// <summary>
/// The daemon: puts the engine, the execution layer and the D-Bus API together for one root, starts the
/// default unit, and runs the loop until shutdown (SIGTERM/SIGINT, or the Exit/PowerOff methods), when
/// every unit is stopped in reverse dependency order.
/// </summary>
public sealed class ManagerHost
{
    private readonly DaemonOptions _options;
    private readonly TextWriter _console;
    private readonly EventLoop _loop = new();
    private UnitManager? _manager;
    private bool _shuttingDown;

    public ManagerHost(DaemonOptions options, TextWriter console)
    {
        _options = options;
        _console = console;
    }

    public int Run()
    {
        var managerOptions = new ManagerOptions(_options.Scope, _options.Root) { DefaultUnit = _options.DefaultUnit };
        string runDir = managerOptions.Physical("/run/systemd");
        Directory.CreateDirectory(Path.Combine(runDir, "system"));
        using var log = new JournalLog(managerOptions.Physical("/run/systemd/journal/socket"), _console) { Echo = _options.LogToConsole };
        using var supervisor = new ExecSupervisor(_loop, managerOptions, warning => log.Write(new ManagerLogEntry(4, warning)));
        _manager = new UnitManager(managerOptions, _loop, supervisor, log);
        _loop.HandlerFailed += e => log.Write(new ManagerLogEntry(2, $"Internal error, continuing: {e.GetType().Name}: {e.Message}"));
        var files = new UnitFileInfo(() => new InstallTree(_manager.Paths));
        BusServer server;
        try
        {
            server = BusServer.Listen(managerOptions.Physical("/run/systemd/private"), new BusServerOptions
            {
                Post = _loop.Post,
                Log = message => log.Write(new ManagerLogEntry(7, message)),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            _console.WriteLine($"Failed to listen on {managerOptions.Physical("/run/systemd/private")}: {e.Message}");
            return 1;
        }

        var api = new Systemd1Api(_manager, server, files);
        api.ExitRequested += Shutdown;
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            _loop.Post(Shutdown);
        });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            _loop.Post(Shutdown);
        });
        _loop.Post(StartDefault);
        _loop.Run();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private void StartDefault()
    {
        UnitManager manager = _manager!;
        Unit unit = manager.Load(manager.Options.DefaultUnit);
        manager.Jobs.JobRemoved += OnJobRemoved;
        try
        {
            manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace);
        }
        catch (ManagerException e)
        {
            manager.Log.Write(new ManagerLogEntry(3, $"Failed to start default target: {e.Message}"));
        }

        OnJobRemoved(null, JobResult.Done);
    }

    private void OnJobRemoved(Job? job, JobResult result)
    {
        UnitManager manager = _manager!;
        if (!manager.FinishTimestamp.IsSet && !manager.Jobs.All.Any())
        {
            manager.FinishTimestamp = DualTimestamp.Now();
            ulong usec = manager.FinishTimestamp.Monotonic - manager.StartupTimestamp.Monotonic;
            manager.Log.Write(new ManagerLogEntry(6, $"Startup finished in {Time.Timespan.Format(usec, Time.Timespan.Millisecond)}.", null,
                [new("MESSAGE_ID", MessageIds.StartupFinished)]));
        }

        if (_shuttingDown && !manager.Jobs.All.Any() && manager.Units.All(u => UnitActiveStates.IsInactiveOrFailed(u.ActiveState)))
        {
            _loop.Stop();
        }
    }

    /// <summary>Stops every unit (the job engine orders the stops in reverse), then ends the loop.</summary>
    private void Shutdown()
    {
        if (_shuttingDown)
        {
            return;
        }

        _shuttingDown = true;
        UnitManager manager = _manager!;
        manager.Log.Write(new ManagerLogEntry(6, "Stopping all units."));
        foreach (Unit unit in manager.Units.ToList())
        {
            if (!UnitActiveStates.IsInactiveOrFailed(unit.ActiveState) || unit.Job is not null)
            {
                manager.Jobs.TryEnqueue(unit, JobType.Stop, JobMode.Replace);
            }
        }

        OnJobRemoved(null, JobResult.Done);
    }
}
