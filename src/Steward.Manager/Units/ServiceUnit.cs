using System.Globalization;
using Steward.Manager.Definitions;
using Steward.Manager.Engine;
using Steward.Time;

namespace Steward.Manager.Units;

/// <summary>
/// A service's life as man systemd.service describes it: condition → start-pre → start → start-post →
/// running/exited → stop → stop-sigterm → stop-sigkill → stop-post → final-sigterm → final-sigkill →
/// dead/failed, with auto-restart. Each phase runs its Exec*= commands one after another as the
/// control process (the main process for ExecStart=), and a timer bounds every phase.
/// </summary>
public sealed class ServiceUnit : Unit
{
    private static readonly int[] CleanSignals = [1, 2, 13, 15];

    private readonly List<ulong> _startTimes = [];
    private ServiceState _state = ServiceState.Dead;
    private IDisposable? _timer;
    private IDisposable? _runtimeTimer;
    private IReadOnlyList<ExecCommand> _phaseCommands = [];
    private int _phaseIndex;
    private string _phaseDirective = "";
    private bool _forbidRestart;
    private bool _readySeen;
    private ServiceResult _stopResult;

    public ServiceUnit(UnitManager manager, UnitDefinition definition)
        : base(manager, definition)
    {
    }

    public ServiceDefinition Service => Definition.Service ?? new ServiceDefinition();

    public ServiceState State => _state;

    public override string SubState => ServiceStates.Name(_state);

    public ServiceResult Result { get; private set; }

    public ServiceResult ReloadResult { get; private set; }

    public int MainPid { get; private set; }

    public int ControlPid { get; private set; }

    public uint RestartCount { get; private set; }

    public string StatusText { get; private set; } = "";

    public int StatusErrno { get; private set; }

    /// <summary>The main process's record: ExecMainPID=, ExecMainCode=, ExecMainStatus= and their timestamps.</summary>
    public ExecRun ExecMain { get; private set; } = new();

    /// <summary>The last run of each command, by directive, in order (the ExecStart= property's tuples).</summary>
    public Dictionary<string, List<(ExecCommand Command, ExecRun Run)>> Runs { get; } = new(StringComparer.Ordinal);

    public override bool CanReload => Service.CommandsOf("ExecReload").Count > 0;

    public override bool CanStart => Definition.IsLoaded;

    protected override bool IsStarting => _state is ServiceState.Condition or ServiceState.StartPre or ServiceState.Start or ServiceState.StartPost;

    internal bool AcceptsNotifyFrom(int pid) =>
        Service.NotifyAccess == NotifyAccess.All && MainPid != 0
        && Manager.Processes.ProcessesOf(Id, MainPid).Contains(pid);

    private void Enter(ServiceState state)
    {
        ServiceState old = _state;
        _state = state;
        UnitActiveState active = ServiceStates.ActiveStateOf(state);
        if (active != ActiveState)
        {
            SetState(active, unexpected: Job is null);
        }
        else if (old != state)
        {
            SubStateChanged();
        }
    }

    private void ArmTimer(ulong usec, Action onTimeout)
    {
        _timer?.Dispose();
        _timer = usec == Timespan.Infinity ? null : Manager.Loop.Schedule(usec, onTimeout);
    }

    private void Log(int priority, string message, string? messageId = null, params KeyValuePair<string, string>[] fields)
    {
        var all = new List<KeyValuePair<string, string>>(fields);
        if (messageId is not null)
        {
            all.Insert(0, new("MESSAGE_ID", messageId));
        }

        if (InvocationId != Guid.Empty)
        {
            all.Add(new("INVOCATION_ID", InvocationId.ToString("N")));
        }

        Manager.Log.Write(new ManagerLogEntry(priority, $"{Id}: {message}", Id, all));
    }

    protected override JobStep OnStart()
    {
        if (_state == ServiceState.AutoRestart)
        {
            _timer?.Dispose();
        }

        ulong now = DualTimestamp.Now().Monotonic;
        _startTimes.RemoveAll(t => now - t > Definition.StartLimitIntervalUSec);
        if (Definition.StartLimitIntervalUSec > 0 && Definition.StartLimitBurst > 0 && _startTimes.Count >= Definition.StartLimitBurst)
        {
            Log(3, "Start request repeated too quickly.");
            Result = ServiceResult.StartLimitHit;
            Log(4, $"Failed with result '{ServiceStates.Name(Result)}'.", MessageIds.UnitFailureResult, new KeyValuePair<string, string>("UNIT_RESULT", ServiceStates.Name(Result)));
            Enter(ServiceState.Failed);
            return JobStep.RateLimited;
        }

        _startTimes.Add(now);
        Result = ServiceResult.Success;
        ReloadResult = ServiceResult.Success;
        _forbidRestart = false;
        _readySeen = false;
        StatusText = "";
        MainPid = 0;
        ControlPid = 0;
        ExecMain = new ExecRun();
        Runs.Clear();
        if (Service.CommandsOf("ExecCondition").Count > 0)
        {
            RunPhase(ServiceState.Condition, "ExecCondition");
        }
        else
        {
            EnterStartPre();
        }

        return JobStep.Pending;
    }

    protected override JobStep OnStop()
    {
        _forbidRestart = true;
        switch (_state)
        {
            case ServiceState.AutoRestart:
                _timer?.Dispose();
                Enter(ServiceState.Dead);
                return JobStep.Done;
            case ServiceState.Stop or ServiceState.StopSigterm or ServiceState.StopSigkill or ServiceState.StopPost
                or ServiceState.FinalSigterm or ServiceState.FinalSigkill:
                return JobStep.Pending;
            case ServiceState.Condition or ServiceState.StartPre or ServiceState.Start or ServiceState.StartPost or ServiceState.Reload:
                // Abort what runs and go straight to killing, as systemd does for a stop during start.
                EnterSignal(ServiceState.StopSigterm, ServiceResult.Success);
                return JobStep.Pending;
            default:
                EnterStop(ServiceResult.Success);
                return JobStep.Pending;
        }
    }

    public override JobStep Reload()
    {
        if (_state is not (ServiceState.Running or ServiceState.Exited))
        {
            return JobStep.Failed;
        }

        ReloadResult = ServiceResult.Success;
        RunPhase(ServiceState.Reload, "ExecReload");
        return JobStep.Pending;
    }

    public override bool Kill(string whom, int signal)
    {
        bool any = false;
        if (whom is "main" or "all" && MainPid > 0)
        {
            any |= Manager.Processes.Signal(MainPid, signal);
        }

        if (whom is "control" or "all" && ControlPid > 0)
        {
            any |= Manager.Processes.Signal(ControlPid, signal);
        }

        if (whom == "all")
        {
            any |= Manager.Processes.SignalAll(Id, MainPid, signal) > 0;
        }

        return any;
    }

    public override void ResetFailed()
    {
        if (_state == ServiceState.Failed)
        {
            Result = ServiceResult.Success;
            _startTimes.Clear();
            Enter(ServiceState.Dead);
        }
        else
        {
            _startTimes.Clear();
        }
    }

    // ---- phases ----------------------------------------------------------------------------------

    private void EnterStartPre()
    {
        if (Service.CommandsOf("ExecStartPre").Count > 0)
        {
            RunPhase(ServiceState.StartPre, "ExecStartPre");
        }
        else
        {
            EnterStart();
        }
    }

    private void EnterStart()
    {
        IReadOnlyList<ExecCommand> start = Service.CommandsOf("ExecStart");
        if (start.Count == 0)
        {
            // Type=oneshot without ExecStart= (RemainAfterExit=yes units that only have ExecStop=).
            EnterStartPost();
            return;
        }

        _phaseCommands = start;
        _phaseIndex = 0;
        _phaseDirective = "ExecStart";
        Enter(ServiceState.Start);
        ArmTimer(Service.EffectiveTimeoutStartUSec, () => OnPhaseTimeout(ServiceState.Start));
        SpawnStartCommand();
    }

    private void SpawnStartCommand()
    {
        ExecCommand command = _phaseCommands[_phaseIndex];
        int pid = Spawn("ExecStart", command);
        if (pid <= 0)
        {
            EnterSignal(ServiceState.StopSigterm, ServiceResult.Resources);
            return;
        }

        if (Service.Type == ServiceType.Forking)
        {
            ControlPid = pid;
            return;
        }

        MainPid = pid;
        ExecMain = Runs["ExecStart"][^1].Run;
        if (Service.Type is ServiceType.Simple or ServiceType.Idle or ServiceType.Exec or ServiceType.Dbus)
        {
            EnterStartPost();
        }
    }

    private void EnterStartPost()
    {
        if (Service.CommandsOf("ExecStartPost").Count > 0)
        {
            RunPhase(ServiceState.StartPost, "ExecStartPost");
        }
        else
        {
            EnterRunning();
        }
    }

    private void EnterRunning()
    {
        _timer?.Dispose();
        bool mainAlive = MainPid > 0;
        if (mainAlive)
        {
            Enter(ServiceState.Running);
            if (Service.RuntimeMaxUSec != Timespan.Infinity)
            {
                _runtimeTimer?.Dispose();
                _runtimeTimer = Manager.Loop.Schedule(Service.RuntimeMaxUSec, () =>
                {
                    if (_state == ServiceState.Running)
                    {
                        Log(4, "Service reached runtime time limit. Stopping.");
                        EnterStop(ServiceResult.Timeout);
                    }
                });
            }
        }
        else if (Service.RemainAfterExit)
        {
            Enter(ServiceState.Exited);
        }
        else
        {
            EnterStop(ServiceResult.Success);
        }
    }

    private void EnterStop(ServiceResult result)
    {
        _runtimeTimer?.Dispose();
        if (result != ServiceResult.Success && Result == ServiceResult.Success)
        {
            Result = result;
        }

        if (Service.CommandsOf("ExecStop").Count > 0)
        {
            RunPhase(ServiceState.Stop, "ExecStop");
        }
        else
        {
            EnterSignal(ServiceState.StopSigterm, ServiceResult.Success);
        }
    }

    private void EnterStopPost(ServiceResult result)
    {
        if (result != ServiceResult.Success && Result == ServiceResult.Success)
        {
            Result = result;
        }

        if (Service.CommandsOf("ExecStopPost").Count > 0)
        {
            RunPhase(ServiceState.StopPost, "ExecStopPost");
        }
        else
        {
            EnterSignal(ServiceState.FinalSigterm, ServiceResult.Success);
        }
    }

    /// <summary>Sends the state's signal as KillMode= says, then waits (bounded by TimeoutStopSec=) for the processes to go.</summary>
    private void EnterSignal(ServiceState state, ServiceResult result)
    {
        _runtimeTimer?.Dispose();
        if (result != ServiceResult.Success && Result == ServiceResult.Success)
        {
            Result = result;
        }

        ServiceDefinition s = Service;
        bool kill = state is ServiceState.StopSigkill or ServiceState.FinalSigkill;
        int signal = kill ? s.FinalKillSignal : (_forbidRestart || Job is null ? s.KillSignal : s.RestartKillSignal ?? s.KillSignal);
        if (kill)
        {
            signal = 9;
        }

        bool signalled = SendKill(signal, kill);
        if (!kill && s.SendSighup && signalled)
        {
            SendKill(1, kill: false);
        }

        if (signalled && s.KillMode != KillMode.None)
        {
            Enter(state);
            ArmTimer(s.TimeoutStopUSec, () => OnPhaseTimeout(state));
            if (MainPid == 0 && ControlPid == 0)
            {
                WatchGroupEmpty();
            }

            return;
        }

        AfterSignal(state);
    }

    private bool SendKill(int signal, bool kill)
    {
        ServiceDefinition s = Service;
        bool any = false;
        if (s.KillMode == KillMode.None)
        {
            return false;
        }

        if (MainPid > 0)
        {
            any |= Manager.Processes.Signal(MainPid, signal);
        }

        if (ControlPid > 0)
        {
            any |= Manager.Processes.Signal(ControlPid, signal);
        }

        if (s.KillMode == KillMode.ControlGroup || (s.KillMode == KillMode.Mixed && kill))
        {
            any |= Manager.Processes.SignalAll(Id, MainPid, signal, exceptPid: MainPid) > 0;
        }

        return any;
    }

    /// <summary>Processes left without a main or control process (forked helpers) are waited for by polling the
    /// group: there is no exit event for a process the manager did not fork.</summary>
    private void WatchGroupEmpty()
    {
        ServiceState watched = _state;
        if (Service.KillMode != KillMode.ControlGroup || Manager.Processes.ProcessesOf(Id, MainPid).Count == 0)
        {
            AfterSignal(watched);
            return;
        }

        Manager.Loop.Schedule(20 * Timespan.Millisecond, () =>
        {
            if (_state == watched && MainPid == 0 && ControlPid == 0)
            {
                WatchGroupEmpty();
            }
        });
    }

    private void AfterSignal(ServiceState state)
    {
        _timer?.Dispose();
        switch (state)
        {
            case ServiceState.StopSigterm or ServiceState.StopSigkill:
                EnterStopPost(ServiceResult.Success);
                break;
            default:
                EnterDead(ServiceResult.Success);
                break;
        }
    }

    private void OnPhaseTimeout(ServiceState state)
    {
        if (_state != state)
        {
            return;
        }

        switch (state)
        {
            case ServiceState.Condition or ServiceState.StartPre or ServiceState.Start or ServiceState.StartPost:
                Log(3, state == ServiceState.Start ? "start operation timed out. Terminating." : $"{ServiceStates.Name(state)} operation timed out. Terminating.");
                EnterSignal(ServiceState.StopSigterm, ServiceResult.Timeout);
                break;
            case ServiceState.Reload:
                Log(4, "Reload operation timed out. Killing reload process.");
                if (ControlPid > 0)
                {
                    Manager.Processes.Signal(ControlPid, 15);
                }

                ReloadResult = ServiceResult.Timeout;
                Enter(ServiceState.Running);
                break;
            case ServiceState.Stop:
                Log(3, "Stopping timed out. Terminating.");
                EnterSignal(ServiceState.StopSigterm, ServiceResult.Timeout);
                break;
            case ServiceState.StopSigterm:
                if (Service.SendSigkill)
                {
                    Log(3, "State 'stop-sigterm' timed out. Killing.");
                    EnterSignal(ServiceState.StopSigkill, ServiceResult.Timeout);
                }
                else
                {
                    Log(4, "State 'stop-sigterm' timed out. Skipping SIGKILL.");
                    EnterStopPost(ServiceResult.Timeout);
                }

                break;
            case ServiceState.StopSigkill:
                Log(4, "Processes still around after SIGKILL. Ignoring.");
                EnterStopPost(ServiceResult.Timeout);
                break;
            case ServiceState.StopPost:
                Log(3, "State 'stop-post' timed out. Terminating.");
                EnterSignal(ServiceState.FinalSigterm, ServiceResult.Timeout);
                break;
            case ServiceState.FinalSigterm:
                if (Service.SendSigkill)
                {
                    Log(3, "State 'final-sigterm' timed out. Killing.");
                    EnterSignal(ServiceState.FinalSigkill, ServiceResult.Timeout);
                }
                else
                {
                    EnterDead(ServiceResult.Timeout);
                }

                break;
            case ServiceState.FinalSigkill:
                Log(4, "Processes still around after final SIGKILL. Entering failed mode.");
                EnterDead(ServiceResult.Timeout);
                break;
        }
    }

    private void EnterDead(ServiceResult result)
    {
        _timer?.Dispose();
        _runtimeTimer?.Dispose();
        if (result != ServiceResult.Success && Result == ServiceResult.Success)
        {
            Result = result;
        }

        MainPid = 0;
        ControlPid = 0;
        if (Result == ServiceResult.Success)
        {
            Log(6, "Deactivated successfully.", MessageIds.UnitSuccess);
        }
        else
        {
            Log(4, $"Failed with result '{ServiceStates.Name(Result)}'.", MessageIds.UnitFailureResult, new KeyValuePair<string, string>("UNIT_RESULT", ServiceStates.Name(Result)));
        }

        if (!_forbidRestart && ShouldRestart())
        {
            Enter(ServiceState.AutoRestart);
            ArmTimer(Service.RestartUSec, ScheduledRestart);
            return;
        }

        Enter(Result == ServiceResult.Success ? ServiceState.Dead : ServiceState.Failed);
    }

    private void ScheduledRestart()
    {
        if (_state != ServiceState.AutoRestart)
        {
            return;
        }

        RestartCount++;
        Log(6, $"Scheduled restart job, restart counter is at {RestartCount}.", MessageIds.UnitRestartScheduled,
            new KeyValuePair<string, string>("N_RESTARTS", RestartCount.ToString(CultureInfo.InvariantCulture)));
        if (Manager.Jobs.TryEnqueue(this, Jobs.JobType.Restart, Jobs.JobMode.Replace) is null)
        {
            Enter(ServiceState.Failed);
        }
    }

    private bool ShouldRestart()
    {
        ServiceDefinition s = Service;
        if (Result == ServiceResult.StartLimitHit)
        {
            return false;
        }

        bool exited = ExecMain.Code == ExitCode.Exited;
        int status = ExecMain.Status;
        if (ExecMain.Exited)
        {
            if (exited ? s.RestartPreventExitStatus.Statuses.Contains(status) : s.RestartPreventExitStatus.Signals.Contains(status))
            {
                return false;
            }

            if (exited ? s.RestartForceExitStatus.Statuses.Contains(status) : s.RestartForceExitStatus.Signals.Contains(status))
            {
                return true;
            }
        }

        return s.Restart switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnSuccess => Result == ServiceResult.Success,
            RestartPolicy.OnFailure => Result != ServiceResult.Success,
            RestartPolicy.OnAbnormal => Result is ServiceResult.Signal or ServiceResult.CoreDump or ServiceResult.Timeout or ServiceResult.Watchdog,
            RestartPolicy.OnAbort => Result is ServiceResult.Signal or ServiceResult.CoreDump,
            RestartPolicy.OnWatchdog => Result == ServiceResult.Watchdog,
            _ => false,
        };
    }

    // ---- control commands ------------------------------------------------------------------------

    private void RunPhase(ServiceState state, string directive)
    {
        _phaseCommands = Service.CommandsOf(directive);
        _phaseIndex = 0;
        _phaseDirective = directive;
        _stopResult = ServiceResult.Success;
        Enter(state);
        ulong timeout = state is ServiceState.Stop or ServiceState.StopPost ? Service.TimeoutStopUSec : Service.EffectiveTimeoutStartUSec;
        ArmTimer(timeout, () => OnPhaseTimeout(state));
        RunControlCommand();
    }

    private void RunControlCommand()
    {
        ExecCommand command = _phaseCommands[_phaseIndex];
        int pid = Spawn(_phaseDirective, command);
        if (pid <= 0)
        {
            OnControlFinished(success: false, ServiceResult.Resources);
            return;
        }

        ControlPid = pid;
    }

    private void OnControlFinished(bool success, ServiceResult failure)
    {
        ControlPid = 0;
        if (success && _phaseIndex + 1 < _phaseCommands.Count)
        {
            _phaseIndex++;
            RunControlCommand();
            return;
        }

        switch (_state)
        {
            case ServiceState.Condition:
                if (success)
                {
                    EnterStartPre();
                }
                else if (failure == ServiceResult.ExecCondition)
                {
                    Log(6, "Skipped due to 'exec-condition'.");
                    _forbidRestart = true;
                    _timer?.Dispose();
                    Enter(ServiceState.Dead);
                }
                else
                {
                    EnterSignal(ServiceState.StopSigterm, failure);
                }

                break;
            case ServiceState.StartPre:
                if (success)
                {
                    EnterStart();
                }
                else
                {
                    EnterSignal(ServiceState.StopSigterm, failure);
                }

                break;
            case ServiceState.StartPost:
                if (success)
                {
                    EnterRunning();
                }
                else
                {
                    EnterStop(failure);
                }

                break;
            case ServiceState.Reload:
                _timer?.Dispose();
                ReloadResult = success ? ServiceResult.Success : failure;
                Enter(MainPid > 0 || Service.RemainAfterExit ? (MainPid > 0 ? ServiceState.Running : ServiceState.Exited) : ServiceState.Running);
                break;
            case ServiceState.Stop:
                if (!success)
                {
                    _stopResult = failure;
                }

                EnterSignal(ServiceState.StopSigterm, _stopResult);
                break;
            case ServiceState.StopPost:
                EnterSignal(ServiceState.FinalSigterm, success ? ServiceResult.Success : failure);
                break;
            case ServiceState.StopSigterm or ServiceState.StopSigkill or ServiceState.FinalSigterm or ServiceState.FinalSigkill:
                if (MainPid == 0)
                {
                    WatchGroupEmpty();
                }

                break;
        }
    }

    private int Spawn(string directive, ExecCommand command)
    {
        if (!Runs.TryGetValue(directive, out List<(ExecCommand, ExecRun)>? runs))
        {
            runs = [];
            Runs[directive] = runs;
        }

        var run = new ExecRun { StartTimestamp = DualTimestamp.Now() };
        runs.Add((command, run));
        List<string> environment = ServiceEnvironment.Build(this, directive);
        IReadOnlyList<string> arguments = command.Flags.HasFlag(ExecFlags.NoEnvironmentExpansion)
            ? command.Arguments
            : ServiceEnvironment.ExpandArguments(command.Arguments, environment);
        try
        {
            int pid = Manager.Processes.Spawn(new SpawnRequest(Id, command.Path, arguments, environment, Service.Context,
                Manager.Processes.CgroupOf(Id), command.Flags.HasFlag(ExecFlags.FullPrivileges)));
            run.Pid = pid;
            Manager.WatchPid(pid, this);
            return pid;
        }
        catch (SpawnFailedException e)
        {
            Log(3, $"Failed to spawn '{ServiceStates.Name(_state)}' task: {e.Message}");
            run.ExitTimestamp = DualTimestamp.Now();
            return 0;
        }
    }

    internal void OnProcessExited(ProcessExit exit)
    {
        RecordExit(exit);
        if (Manager.Processes.TakeSpawnError(exit.Pid) is { } spawnError)
        {
            Log(3, spawnError);
        }

        if (exit.Pid == MainPid)
        {
            OnMainExited(exit);
        }
        else if (exit.Pid == ControlPid)
        {
            OnControlExited(exit);
        }
    }

    private void RecordExit(ProcessExit exit)
    {
        foreach (List<(ExecCommand Command, ExecRun Run)> runs in Runs.Values)
        {
            foreach ((ExecCommand _, ExecRun run) in runs)
            {
                if (run.Pid == exit.Pid && !run.Exited)
                {
                    run.ExitTimestamp = DualTimestamp.Now();
                    run.Code = exit.Code;
                    run.Status = exit.Status;
                }
            }
        }
    }

    private bool IsSuccess(ProcessExit exit, bool main)
    {
        ExitStatusSet success = Service.SuccessExitStatus;
        return exit.Code == ExitCode.Exited
            ? exit.Status == 0 || success.Statuses.Contains(exit.Status)
            : (main && CleanSignals.Contains(exit.Status)) || success.Signals.Contains(exit.Status);
    }

    private static ServiceResult FailureOf(ProcessExit exit) => exit.Code switch
    {
        ExitCode.Exited => ServiceResult.ExitCode,
        ExitCode.Killed => ServiceResult.Signal,
        _ => ServiceResult.CoreDump,
    };

    private void OnMainExited(ProcessExit exit)
    {
        MainPid = 0;
        bool success = IsSuccess(exit, main: true);
        bool ignore = Service.CommandsOf("ExecStart") is { Count: > 0 } start && _phaseDirective == "ExecStart"
            && start[Math.Min(_phaseIndex, start.Count - 1)].IgnoreFailure;
        ExitCode code = exit.Code;
        ExecMain = Runs.TryGetValue("ExecStart", out var runs) && runs.FindLast(r => r.Run.Pid == exit.Pid) is { Run: { } run } ? run : ExecMain;
        // A clean end is logged at debug level by systemd, so only failures show.
        if (!success)
        {
            Log(4, $"Main process exited, {ExitStatusText.Describe(code, exit.Status)}", MessageIds.UnitProcessExit,
                new KeyValuePair<string, string>("EXIT_CODE", code.ToString().ToLowerInvariant()), new KeyValuePair<string, string>("EXIT_STATUS", exit.Status.ToString(CultureInfo.InvariantCulture)));
        }

        ServiceResult failure = success || ignore ? ServiceResult.Success : FailureOf(exit);
        switch (_state)
        {
            case ServiceState.Start when Service.Type == ServiceType.Oneshot:
                if (failure == ServiceResult.Success && _phaseIndex + 1 < _phaseCommands.Count)
                {
                    _phaseIndex++;
                    SpawnStartCommand();
                }
                else if (failure == ServiceResult.Success)
                {
                    EnterStartPost();
                }
                else
                {
                    EnterSignal(ServiceState.StopSigterm, failure);
                }

                break;
            case ServiceState.Start when Service.Type == ServiceType.Notify:
                EnterSignal(ServiceState.StopSigterm, failure == ServiceResult.Success ? ServiceResult.Protocol : failure);
                break;
            case ServiceState.Start or ServiceState.StartPost or ServiceState.Running or ServiceState.Reload:
                if (_state == ServiceState.Running && failure == ServiceResult.Success && Service.RemainAfterExit)
                {
                    Enter(ServiceState.Exited);
                }
                else if (_state is ServiceState.StartPost or ServiceState.Reload)
                {
                    // The control process still runs; remember the result and go on when it ends.
                    if (failure != ServiceResult.Success)
                    {
                        Result = failure;
                    }
                }
                else
                {
                    EnterStop(failure);
                }

                break;
            case ServiceState.Stop:
                if (failure != ServiceResult.Success && Result == ServiceResult.Success && !_forbidRestart)
                {
                    Result = failure;
                }

                break;
            case ServiceState.StopSigterm or ServiceState.StopSigkill or ServiceState.FinalSigterm or ServiceState.FinalSigkill:
                if (ControlPid == 0)
                {
                    WatchGroupEmpty();
                }

                break;
        }
    }

    private void OnControlExited(ProcessExit exit)
    {
        bool success = IsSuccess(exit, main: false);
        ExecCommand? command = _phaseIndex < _phaseCommands.Count ? _phaseCommands[_phaseIndex] : null;
        bool ignore = command?.IgnoreFailure ?? false;
        if (!success)
        {
            Log(ignore ? 6 : 4, $"Control process exited, {ExitStatusText.Describe(exit.Code, exit.Status)}", MessageIds.UnitProcessExit);
        }

        if (_state == ServiceState.Start && Service.Type == ServiceType.Forking)
        {
            ControlPid = 0;
            if (!success && !ignore)
            {
                EnterSignal(ServiceState.StopSigterm, FailureOf(exit));
                return;
            }

            MainPid = FindForkedMainPid();
            if (MainPid > 0)
            {
                Manager.WatchPid(MainPid, this);
                ExecMain = new ExecRun { Pid = MainPid, StartTimestamp = DualTimestamp.Now() };
            }

            EnterStartPost();
            return;
        }

        if (_state == ServiceState.Condition && exit.Code == ExitCode.Exited && exit.Status is > 0 and < 255)
        {
            OnControlFinished(false, ServiceResult.ExecCondition);
            return;
        }

        OnControlFinished(success || ignore, FailureOf(exit));
    }

    /// <summary>After a forking ExecStart= exits: the PID file's pid, else (GuessMainPID=) the one process left.</summary>
    private int FindForkedMainPid()
    {
        if (Service.PidFile is { } pidFile)
        {
            try
            {
                string text = File.ReadAllText(pidFile).Trim();
                if (int.TryParse(text, out int pid) && pid > 0)
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log(4, $"Can't open PID file {pidFile} (yet?) after start: {e.Message}");
            }
        }

        if (Service.GuessMainPid)
        {
            IReadOnlyList<int> processes = Manager.Processes.ProcessesOf(Id, 0);
            if (processes.Count == 1)
            {
                return processes[0];
            }
        }

        return 0;
    }

    internal void OnNotify(int pid, IReadOnlyDictionary<string, string> fields)
    {
        if (Service.NotifyAccess == NotifyAccess.None)
        {
            Log(4, $"Got notification message from PID {pid}, but reception is disabled.");
            return;
        }

        if (Service.NotifyAccess == NotifyAccess.Main && pid != MainPid)
        {
            Log(4, $"Got notification message from PID {pid}, but reception only permitted for main PID {MainPid}");
            return;
        }

        if (fields.TryGetValue("STATUS", out string? status))
        {
            StatusText = status;
            SubStateChanged();
        }

        if (fields.TryGetValue("ERRNO", out string? errno) && int.TryParse(errno, out int number))
        {
            StatusErrno = number;
        }

        if (fields.TryGetValue("MAINPID", out string? mainPid) && int.TryParse(mainPid, out int newMain) && newMain > 0 && newMain != MainPid)
        {
            if (MainPid > 0)
            {
                Manager.UnwatchPid(MainPid);
            }

            MainPid = newMain;
            Manager.WatchPid(newMain, this);
        }

        if (fields.TryGetValue("READY", out string? ready) && ready == "1" && !_readySeen)
        {
            _readySeen = true;
            if (_state == ServiceState.Start && Service.Type == ServiceType.Notify)
            {
                EnterStartPost();
            }
        }

        if (fields.TryGetValue("RELOADING", out string? reloading) && reloading == "1" && _state == ServiceState.Running)
        {
            Enter(ServiceState.Reload);
        }
        else if (ready == "1" && _state == ServiceState.Reload && ControlPid == 0)
        {
            Enter(ServiceState.Running);
        }

        if (fields.TryGetValue("STOPPING", out string? stopping) && stopping == "1" && _state is ServiceState.Running or ServiceState.Reload)
        {
            _forbidRestart = true;
            EnterStop(ServiceResult.Success);
        }

        if (fields.TryGetValue("EXTEND_TIMEOUT_USEC", out string? extend) && ulong.TryParse(extend, out ulong usec)
            && _state is ServiceState.Start or ServiceState.StartPre or ServiceState.StartPost or ServiceState.Stop or ServiceState.StopPost)
        {
            ServiceState watched = _state;
            ArmTimer(usec, () => OnPhaseTimeout(watched));
        }
    }
}
