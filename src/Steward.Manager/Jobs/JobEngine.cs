using Steward.Manager.Definitions;
using Steward.Manager.Engine;
using Steward.Manager.Units;

namespace Steward.Manager.Jobs;

/// <summary>
/// Jobs and transactions: turns a request (start x in mode replace) into jobs for every unit the
/// dependencies pull in, merges them with the jobs already queued, runs each one once the jobs it is
/// ordered after are gone, and finishes them as their units change state.
/// </summary>
public sealed class JobEngine
{
    private readonly UnitManager _manager;
    private readonly SortedDictionary<uint, Job> _jobs = [];
    private readonly HashSet<Job> _ignoreOrdering = [];
    private uint _nextId = 1;
    private bool _dispatching;
    private bool _dispatchAgain;

    public JobEngine(UnitManager manager) => _manager = manager;

    public IEnumerable<Job> All => _jobs.Values;

    public Job? Find(uint id) => _jobs.GetValueOrDefault(id);

    public event Action<Job>? JobNew;

    /// <summary>Raised when a job ends, with its result.</summary>
    public event Action<Job, JobResult>? JobRemoved;

    /// <summary>Raised when a job changes (e.g. waiting → running).</summary>
    public event Action<Job>? JobChanged;

    /// <summary>Queues <paramref name="type"/> for <paramref name="unit"/> and what it pulls in; the anchor job is returned.
    /// Throws <see cref="ManagerException"/> for a request systemd refuses.</summary>
    public Job Enqueue(Unit unit, JobType type, JobMode mode)
    {
        CheckRequest(unit, type);
        var transaction = new Transaction(unit);
        AddJob(transaction, unit, Collapse(unit, type), required: true, mode, isAnchor: true);
        if (mode == JobMode.Isolate)
        {
            foreach (Unit other in _manager.Units)
            {
                if (!transaction.Jobs.ContainsKey(other) && !other.Definition.IgnoreOnIsolate
                    && !UnitActiveStates.IsInactiveOrFailed(other.ActiveState))
                {
                    AddJob(transaction, other, JobType.Stop, required: false, JobMode.Replace, isAnchor: false);
                }
            }
        }

        CheckDestructive(transaction, mode);
        Job anchor = Install(transaction, mode);
        Dispatch();
        return anchor;
    }

    private static void CheckRequest(Unit unit, JobType type)
    {
        UnitDefinition d = unit.Definition;
        bool starting = type is JobType.Start or JobType.Restart or JobType.ReloadOrStart or JobType.VerifyActive or JobType.TryRestart;
        if (starting || type is JobType.Reload or JobType.TryReload)
        {
            switch (d.LoadState)
            {
                case UnitLoadState.Masked:
                    throw ManagerException.Masked(unit.Id);
                case UnitLoadState.NotFound:
                    throw ManagerException.NoSuchUnit(unit.Id);
                case UnitLoadState.BadSetting:
                    throw new ManagerException("org.freedesktop.systemd1.BadUnitSetting", $"Unit {unit.Id} has a bad unit file setting.");
                case UnitLoadState.Error:
                    throw new ManagerException("org.freedesktop.systemd1.LoadFailed", $"Unit {unit.Id} failed to load properly, please adjust/correct and reload service manager: {d.LoadError}");
            }
        }

        if (type is JobType.Stop && d.LoadState == UnitLoadState.NotFound && UnitActiveStates.IsInactiveOrFailed(unit.ActiveState))
        {
            throw ManagerException.NotLoaded(unit.Id);
        }

        if (type is JobType.Reload && !unit.CanReload)
        {
            throw new ManagerException("org.freedesktop.systemd1.JobTypeNotApplicable", $"Job type reload is not applicable for unit {unit.Id}.");
        }

        if (starting && !unit.CanStart)
        {
            throw new ManagerException("org.freedesktop.systemd1.JobTypeNotApplicable", $"Job type start is not applicable for unit {unit.Id}.");
        }
    }

    /// <summary>Jobs that depend on the unit's state become plainer ones (systemd's job collapsing).</summary>
    private static JobType Collapse(Unit unit, JobType type)
    {
        bool active = !UnitActiveStates.IsInactiveOrFailed(unit.ActiveState);
        return type switch
        {
            JobType.TryRestart => active ? JobType.Restart : JobType.Nop,
            JobType.TryReload => active ? JobType.Reload : JobType.Nop,
            JobType.ReloadOrStart => active ? (unit.CanReload ? JobType.Reload : JobType.Restart) : JobType.Start,
            _ => type,
        };
    }

    private sealed class Transaction(Unit anchor)
    {
        public Unit Anchor { get; } = anchor;

        public Dictionary<Unit, JobType> Jobs { get; } = [];

        public HashSet<Unit> IgnoreOrdering { get; } = [];
    }

    private void AddJob(Transaction t, Unit unit, JobType type, bool required, JobMode mode, bool isAnchor)
    {
        if (t.Jobs.TryGetValue(unit, out JobType existing))
        {
            if (Merge(existing, type) is { } merged)
            {
                t.Jobs[unit] = merged;
                return;
            }

            if (required)
            {
                throw new ManagerException("org.freedesktop.systemd1.TransactionJobsConflicting",
                    $"Transaction contains conflicting jobs '{JobNames.Of(existing)}' and '{JobNames.Of(type)}' for {unit.Id}. Probably contradicting requirement dependencies configured.");
            }

            return;
        }

        bool starting = type is JobType.Start or JobType.Restart or JobType.VerifyActive;
        if (starting && !isAnchor && !unit.Definition.IsLoaded)
        {
            if (required)
            {
                string why = unit.Definition.LoadState switch
                {
                    UnitLoadState.Masked => $"Unit {unit.Id} is masked.",
                    UnitLoadState.NotFound => $"Unit {unit.Id} not found.",
                    _ => $"Unit {unit.Id} failed to load properly: {unit.Definition.LoadError}",
                };
                throw new ManagerException("org.freedesktop.systemd1.NoSuchUnit", why);
            }

            return;
        }

        t.Jobs[unit] = type;
        if (mode == JobMode.IgnoreDependencies)
        {
            t.IgnoreOrdering.Add(unit);
            return;
        }

        if (mode == JobMode.IgnoreRequirements && isAnchor)
        {
            return;
        }

        if (starting)
        {
            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PullInStart))
            {
                AddJob(t, other, JobType.Start, required, JobMode.Replace, false);
            }

            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PullInStartIgnored))
            {
                try
                {
                    AddJob(t, other, JobType.Start, required: false, JobMode.Replace, false);
                }
                catch (ManagerException)
                {
                    // Wants=: what cannot be started is left out.
                }
            }

            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PullInVerify))
            {
                AddJob(t, other, JobType.VerifyActive, required, JobMode.Replace, false);
            }

            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PullInStop))
            {
                AddJob(t, other, JobType.Stop, required, JobMode.Replace, false);
            }
        }

        if (type is JobType.Stop or JobType.Restart)
        {
            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PropagateStop))
            {
                bool restartsToo = type == JobType.Restart;
                if (restartsToo)
                {
                    if (!UnitActiveStates.IsInactiveOrFailed(other.ActiveState) || other.Job is not null)
                    {
                        AddJob(t, other, JobType.Restart, required: false, JobMode.Replace, false);
                    }
                }
                else
                {
                    AddJob(t, other, JobType.Stop, required, JobMode.Replace, false);
                }
            }
        }

        if (type == JobType.Reload)
        {
            foreach (Unit other in unit.DependenciesWith(DependencyAtoms.PropagatesReload))
            {
                if (UnitActiveStates.IsActiveOrReloading(other.ActiveState) && other.CanReload)
                {
                    AddJob(t, other, JobType.Reload, required: false, JobMode.Replace, false);
                }
            }
        }
    }

    /// <summary>systemd's job merge table: two wishes for one unit that can be served by one job.</summary>
    private static JobType? Merge(JobType a, JobType b)
    {
        if (a == b)
        {
            return a;
        }

        static bool Is(JobType x, JobType y, JobType p, JobType q) => (x == p && y == q) || (x == q && y == p);
        if (Is(a, b, JobType.Start, JobType.VerifyActive))
        {
            return JobType.Start;
        }

        if (Is(a, b, JobType.Start, JobType.Restart) || Is(a, b, JobType.Reload, JobType.Restart) || Is(a, b, JobType.VerifyActive, JobType.Restart))
        {
            return JobType.Restart;
        }

        if (Is(a, b, JobType.Start, JobType.Reload) || Is(a, b, JobType.VerifyActive, JobType.Reload))
        {
            return JobType.ReloadOrStart;
        }

        if (a == JobType.Nop)
        {
            return b;
        }

        return b == JobType.Nop ? a : null;
    }

    private void CheckDestructive(Transaction t, JobMode mode)
    {
        foreach ((Unit unit, JobType type) in t.Jobs)
        {
            if (unit.Job is not { } installed || Merge(installed.Type, type) is not null)
            {
                continue;
            }

            if (mode == JobMode.Fail || installed.Irreversible)
            {
                throw new ManagerException("org.freedesktop.systemd1.TransactionIsDestructive",
                    $"Transaction for {t.Anchor.Id}/{JobNames.Of(t.Jobs[t.Anchor])} is destructive ({unit.Id} has '{JobNames.Of(installed.Type)}' job queued, but '{JobNames.Of(type)}' is included in transaction).");
            }
        }
    }

    private Job Install(Transaction t, JobMode mode)
    {
        Job? anchorJob = null;
        foreach ((Unit unit, JobType planned) in t.Jobs)
        {
            JobType type = unit == t.Anchor ? planned : Collapse(unit, planned);
            Job job;
            if (unit.Job is { } installed && Merge(installed.Type, type) is { } merged)
            {
                installed.Type = merged;
                job = installed;
            }
            else
            {
                if (unit.Job is { } replaced)
                {
                    Finish(replaced, JobResult.Canceled);
                }

                job = new Job(_nextId++, unit, type, mode == JobMode.ReplaceIrreversibly);
                unit.Job = job;
                _jobs[job.Id] = job;
                if (t.IgnoreOrdering.Contains(unit))
                {
                    _ignoreOrdering.Add(job);
                }

                if (unit.Definition.JobTimeoutUSec != Time.Timespan.Infinity)
                {
                    job.Timeout = _manager.Loop.Schedule(unit.Definition.JobTimeoutUSec, () => Finish(job, JobResult.Timeout));
                }

                JobNew?.Invoke(job);
            }

            if (unit == t.Anchor)
            {
                anchorJob = job;
            }
        }

        return anchorJob!;
    }

    /// <summary>Runs every waiting job whose ordering allows it. Re-entrant calls (a job finishing while
    /// another runs) are folded into one more pass.</summary>
    public void Dispatch()
    {
        if (_dispatching)
        {
            _dispatchAgain = true;
            return;
        }

        _dispatching = true;
        try
        {
            do
            {
                _dispatchAgain = false;
                foreach (Job job in _jobs.Values.ToList())
                {
                    if (job.State == JobState.Waiting && _jobs.ContainsKey(job.Id) && IsRunnable(job))
                    {
                        Run(job);
                    }
                }
            }
            while (_dispatchAgain);
        }
        finally
        {
            _dispatching = false;
        }
    }

    /// <summary>A start-like job waits for every job of the units it is ordered after, and for stop jobs of
    /// units ordered after it; a stop-like job waits only for stop jobs of units ordered after it
    /// (stops go in reverse order, and before starts).</summary>
    private bool IsRunnable(Job job)
    {
        if (job.Type == JobType.Nop || _ignoreOrdering.Contains(job))
        {
            return true;
        }

        bool stopLike = JobNames.IsStopLike(job.Type);
        foreach (Unit before in job.Unit.DependenciesOf(DependencyKind.After))
        {
            if (before.Job is { } other && other != job && !stopLike)
            {
                return false;
            }
        }

        foreach (Unit after in job.Unit.DependenciesOf(DependencyKind.Before))
        {
            if (after.Job is { } other && other != job && JobNames.IsStopLike(other.Type))
            {
                return false;
            }
        }

        return true;
    }

    private void Run(Job job)
    {
        job.State = JobState.Running;
        JobChanged?.Invoke(job);
        Unit unit = job.Unit;
        switch (job.Type)
        {
            case JobType.Nop:
                Finish(job, JobResult.Done, already: true);
                return;
            case JobType.VerifyActive:
                if (UnitActiveStates.IsActiveOrReloading(unit.ActiveState))
                {
                    Finish(job, JobResult.Done, already: true);
                }
                else if (unit.ActiveState != UnitActiveState.Activating)
                {
                    Finish(job, JobResult.Dependency, already: true);
                }

                return;
            case JobType.Start:
                if (UnitActiveStates.IsActiveOrReloading(unit.ActiveState))
                {
                    Finish(job, JobResult.Done, already: true);
                    return;
                }

                Perform(job, unit.Start());
                return;
            case JobType.Stop:
                if (UnitActiveStates.IsInactiveOrFailed(unit.ActiveState))
                {
                    Finish(job, JobResult.Done, already: true);
                    return;
                }

                Perform(job, unit.Stop());
                return;
            case JobType.Restart:
                if (UnitActiveStates.IsInactiveOrFailed(unit.ActiveState))
                {
                    job.Type = JobType.Start;
                    Run(job);
                    return;
                }

                Perform(job, unit.Stop());
                return;
            case JobType.Reload:
            case JobType.ReloadOrStart:
                if (!UnitActiveStates.IsActiveOrReloading(unit.ActiveState))
                {
                    if (job.Type == JobType.ReloadOrStart)
                    {
                        job.Type = JobType.Start;
                        Run(job);
                    }
                    else
                    {
                        Finish(job, JobResult.Invalid);
                    }

                    return;
                }

                Perform(job, unit.Reload());
                return;
            default:
                Finish(job, JobResult.Unsupported);
                return;
        }
    }

    /// <summary>Announces the job ("Starting x...") only when the unit did not get there at once, as systemd does.</summary>
    private void Perform(Job job, JobStep step)
    {
        if (step == JobStep.Pending && _jobs.ContainsKey(job.Id))
        {
            JobMessages.Starting(_manager, job);
        }

        Apply(job, step);
    }

    private void Apply(Job job, JobStep step)
    {
        // The unit's state change may already have finished the job, or sent a restart on to its start half.
        if (!_jobs.ContainsKey(job.Id) || job.State == JobState.Waiting)
        {
            return;
        }

        switch (step)
        {
            case JobStep.Done:
                if (job.Type == JobType.Restart)
                {
                    job.Type = JobType.Start;
                    job.State = JobState.Waiting;
                    _dispatchAgain = true;
                    return;
                }

                Finish(job, JobResult.Done);
                return;
            case JobStep.Pending:
                job.Started = true;
                return;
            case JobStep.Skipped:
                Finish(job, JobResult.Skipped);
                return;
            case JobStep.AssertFailed:
                Finish(job, JobResult.Assert);
                return;
            case JobStep.Unsupported:
                Finish(job, JobResult.Unsupported);
                return;
            default:
                Finish(job, JobResult.Failed);
                return;
        }
    }

    internal void OnUnitStateChanged(Unit unit, UnitActiveState old, UnitActiveState state, bool unexpected)
    {
        if (unit.Job is { State: JobState.Running } job)
        {
            switch (job.Type)
            {
                case JobType.Start:
                case JobType.VerifyActive:
                    if (UnitActiveStates.IsActiveOrReloading(state))
                    {
                        Finish(job, JobResult.Done);
                    }
                    else if (UnitActiveStates.IsInactiveOrFailed(state))
                    {
                        Finish(job, state == UnitActiveState.Failed || !job.Started ? JobResult.Failed : JobResult.Done);
                    }

                    break;
                case JobType.Stop:
                    if (UnitActiveStates.IsInactiveOrFailed(state))
                    {
                        Finish(job, JobResult.Done);
                    }

                    break;
                case JobType.Restart:
                    if (UnitActiveStates.IsInactiveOrFailed(state))
                    {
                        job.Type = JobType.Start;
                        job.State = JobState.Waiting;
                        JobMessages.Stopped(_manager, unit);
                    }

                    break;
                case JobType.Reload:
                case JobType.ReloadOrStart:
                    if (state == UnitActiveState.Active && old == UnitActiveState.Reloading)
                    {
                        Finish(job, JobResult.Done);
                    }
                    else if (UnitActiveStates.IsInactiveOrFailed(state))
                    {
                        Finish(job, JobResult.Failed);
                    }

                    break;
            }
        }

        if (unexpected || unit.Job is null)
        {
            Propagate(unit, old, state);
        }

        Dispatch();
    }

    /// <summary>What a state change means for other units: BindsTo= stops, OnFailure=/OnSuccess= starts, Upholds= restarts.</summary>
    private void Propagate(Unit unit, UnitActiveState old, UnitActiveState state)
    {
        bool wentDown = !UnitActiveStates.IsInactiveOrFailed(old) && UnitActiveStates.IsInactiveOrFailed(state);
        if (!wentDown)
        {
            return;
        }

        foreach (Unit bound in unit.DependenciesOf(DependencyKind.BoundBy))
        {
            if (!UnitActiveStates.IsInactiveOrFailed(bound.ActiveState) && bound.Job is null)
            {
                TryEnqueue(bound, JobType.Stop, JobMode.Replace);
            }
        }

        IEnumerable<Unit> triggered = state == UnitActiveState.Failed ? unit.DependenciesOf(DependencyKind.OnFailure) : unit.DependenciesOf(DependencyKind.OnSuccess);
        foreach (Unit other in triggered)
        {
            TryEnqueue(other, JobType.Start, JobMode.Replace);
        }

        foreach (Unit upholder in unit.DependenciesOf(DependencyKind.UpheldBy))
        {
            if (UnitActiveStates.IsActiveOrReloading(upholder.ActiveState) && unit.Job is null)
            {
                TryEnqueue(unit, JobType.Start, JobMode.Replace);
                break;
            }
        }
    }

    public Job? TryEnqueue(Unit unit, JobType type, JobMode mode)
    {
        try
        {
            return Enqueue(unit, type, mode);
        }
        catch (ManagerException e)
        {
            _manager.Log.Write(new ManagerLogEntry(4, $"Failed to enqueue {JobNames.Of(type)} job for {unit.Id}: {e.Message}", unit.Id));
            return null;
        }
    }

    /// <summary>Ends a job: logs systemd's message, tells the bus, and fails the start jobs that required this one.</summary>
    public void Finish(Job job, JobResult result, bool already = false)
    {
        if (!_jobs.Remove(job.Id))
        {
            return;
        }

        _ignoreOrdering.Remove(job);
        job.Timeout?.Dispose();
        if (job.Unit.Job == job)
        {
            job.Unit.Job = null;
        }

        if (!already && result != JobResult.Canceled)
        {
            JobMessages.Done(_manager, job, result);
        }

        JobRemoved?.Invoke(job, result);
        if (result != JobResult.Done && result != JobResult.Skipped && job.Type is JobType.Start or JobType.VerifyActive)
        {
            foreach (Unit dependent in job.Unit.DependenciesWith(DependencyAtoms.PropagateStop).ToList())
            {
                if (dependent.Job is { Type: JobType.Start or JobType.VerifyActive } dependentJob
                    && RequiresStrictly(dependent, job.Unit))
                {
                    Finish(dependentJob, JobResult.Dependency);
                }
            }
        }

        CheckUnneeded();
        Dispatch();
    }

    private static bool RequiresStrictly(Unit dependent, Unit required) =>
        dependent.DependenciesWith(DependencyAtoms.FailOnDependencyFailure).Contains(required);

    /// <summary>StopWhenUnneeded=: an active unit nothing active or starting wants any more is stopped.</summary>
    private void CheckUnneeded()
    {
        foreach (Unit unit in _manager.Units.ToList())
        {
            if (!unit.Definition.StopWhenUnneeded || unit.Job is not null || !UnitActiveStates.IsActiveOrReloading(unit.ActiveState))
            {
                continue;
            }

            bool needed = unit.DependenciesOf(DependencyKind.RequiredBy).Concat(unit.DependenciesOf(DependencyKind.WantedBy))
                .Concat(unit.DependenciesOf(DependencyKind.BoundBy)).Concat(unit.DependenciesOf(DependencyKind.RequisiteOf))
                .Any(u => UnitActiveStates.IsActiveOrActivating(u.ActiveState) || u.Job is { Type: not JobType.Stop });
            if (!needed)
            {
                TryEnqueue(unit, JobType.Stop, JobMode.Replace);
            }
        }
    }
}
