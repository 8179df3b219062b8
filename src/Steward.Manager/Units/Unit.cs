using Steward.Manager.Definitions;
using Steward.Manager.Engine;
using Steward.Manager.Jobs;

namespace Steward.Manager.Units;

/// <summary>What a unit says when a job asks it to change: finished now, wait for my state, or no.</summary>
public enum JobStep
{
    /// <summary>The unit is already where the job wants it.</summary>
    Done,
    /// <summary>The unit is on its way; the job finishes when the state changes.</summary>
    Pending,
    Failed,
    /// <summary>A condition failed: the unit stays inactive, the job ends without error.</summary>
    Skipped,
    /// <summary>An assertion failed.</summary>
    AssertFailed,
    /// <summary>The unit cannot do this (e.g. reload without ExecReload=).</summary>
    Unsupported,
    /// <summary>The start rate limit was hit.</summary>
    RateLimited,
}

/// <summary>
/// A unit at run time: its definition, its dependencies on other units (forward, reverse and
/// implicit), its state and installed job. Each type (service, target, slice) is a state machine
/// in a subclass; this base holds what all share and reports every transition to the manager.
/// </summary>
public abstract class Unit
{
    private readonly Dictionary<DependencyKind, List<Unit>> _dependencies = [];

    protected Unit(UnitManager manager, UnitDefinition definition)
    {
        Manager = manager;
        Definition = definition;
    }

    public UnitManager Manager { get; }

    public UnitDefinition Definition { get; internal set; }

    public string Id => Definition.Id;

    public UnitActiveState ActiveState { get; private set; } = UnitActiveState.Inactive;

    public abstract string SubState { get; }

    public Job? Job { get; internal set; }

    public Guid InvocationId { get; protected set; }

    public DualTimestamp StateChangeTimestamp { get; private set; }

    public DualTimestamp InactiveExitTimestamp { get; private set; }

    public DualTimestamp ActiveEnterTimestamp { get; private set; }

    public DualTimestamp ActiveExitTimestamp { get; private set; }

    public DualTimestamp InactiveEnterTimestamp { get; private set; }

    public DualTimestamp ConditionTimestamp { get; private set; }

    public DualTimestamp AssertTimestamp { get; private set; }

    public bool ConditionResult { get; private set; } = true;

    public bool AssertResult { get; private set; } = true;

    /// <summary>The condition that failed last, as systemd prints it (<c>ConditionPathExists=/x</c>).</summary>
    public UnitCondition? FailedCondition { get; private set; }

    /// <summary>Whether the last state change happened without a job asking for it (a crash, an exit).</summary>
    public bool LastChangeUnexpected { get; private set; }

    public string ObjectPath => UnitObjectPaths.Of(Id);

    public IReadOnlyList<Unit> DependenciesOf(DependencyKind kind) =>
        _dependencies.TryGetValue(kind, out List<Unit>? list) ? list : [];

    public IEnumerable<Unit> DependenciesWith(DependencyAtoms atoms)
    {
        var seen = new HashSet<Unit>();
        foreach ((DependencyKind kind, List<Unit> units) in _dependencies)
        {
            if ((DependencyKinds.AtomsOf(kind) & atoms) == 0)
            {
                continue;
            }

            foreach (Unit unit in units)
            {
                if (seen.Add(unit))
                {
                    yield return unit;
                }
            }
        }
    }

    internal void AddDependency(DependencyKind kind, Unit other)
    {
        if (other == this)
        {
            return;
        }

        if (!_dependencies.TryGetValue(kind, out List<Unit>? list))
        {
            list = [];
            _dependencies[kind] = list;
        }

        if (!list.Contains(other))
        {
            list.Add(other);
        }
    }

    internal void ClearDependencies() => _dependencies.Clear();

    internal IEnumerable<KeyValuePair<DependencyKind, List<Unit>>> AllDependencies => _dependencies;

    /// <summary>Starts the unit after checking conditions and asserts; subclasses start in <see cref="OnStart"/>.</summary>
    public JobStep Start()
    {
        if (UnitActiveStates.IsActiveOrReloading(ActiveState))
        {
            return JobStep.Done;
        }

        if (IsStarting)
        {
            return JobStep.Pending;
        }

        if (!CheckConditions(out bool assertFailed))
        {
            return assertFailed ? JobStep.AssertFailed : JobStep.Skipped;
        }

        return OnStart();
    }

    /// <summary>Whether a start is under way (a service waiting to restart is activating, but not starting).</summary>
    protected virtual bool IsStarting => ActiveState == UnitActiveState.Activating;

    public JobStep Stop() => UnitActiveStates.IsInactiveOrFailed(ActiveState) ? JobStep.Done : OnStop();

    public virtual bool CanReload => false;

    public virtual JobStep Reload() => JobStep.Unsupported;

    protected abstract JobStep OnStart();

    protected abstract JobStep OnStop();

    /// <summary>Sends a signal to the unit's processes (systemctl kill); false when it has none.</summary>
    public virtual bool Kill(string whom, int signal) => false;

    /// <summary>Forgets a failed state (systemctl reset-failed).</summary>
    public virtual void ResetFailed()
    {
        if (ActiveState == UnitActiveState.Failed)
        {
            SetState(UnitActiveState.Inactive, unexpected: false);
        }
    }

    /// <summary>The type-specific properties for the D-Bus API and status (service: MainPID, Result, …).</summary>
    public virtual bool CanStart => Definition.IsLoaded;

    /// <summary>Records a new state and tells the manager, which finishes jobs and propagates.</summary>
    protected void SetState(UnitActiveState state, bool unexpected)
    {
        UnitActiveState old = ActiveState;
        DualTimestamp now = DualTimestamp.Now();
        StateChangeTimestamp = now;
        if (UnitActiveStates.IsInactiveOrFailed(old) && !UnitActiveStates.IsInactiveOrFailed(state))
        {
            InactiveExitTimestamp = now;
            InvocationId = Guid.NewGuid();
        }

        if (!UnitActiveStates.IsActiveOrReloading(old) && UnitActiveStates.IsActiveOrReloading(state))
        {
            ActiveEnterTimestamp = now;
        }

        if (UnitActiveStates.IsActiveOrReloading(old) && !UnitActiveStates.IsActiveOrReloading(state))
        {
            ActiveExitTimestamp = now;
        }

        if (!UnitActiveStates.IsInactiveOrFailed(old) && UnitActiveStates.IsInactiveOrFailed(state))
        {
            InactiveEnterTimestamp = now;
        }

        ActiveState = state;
        LastChangeUnexpected = unexpected;
        Manager.OnUnitStateChanged(this, old, state, unexpected);
    }

    /// <summary>Announces a sub-state change that keeps the active state (e.g. start-pre → start).</summary>
    protected void SubStateChanged() => Manager.OnUnitPropertiesChanged(this);

    private bool CheckConditions(out bool assertFailed)
    {
        assertFailed = false;
        List<UnitCondition> conditions = [.. Definition.Conditions.Where(c => !c.IsAssert)];
        List<UnitCondition> asserts = [.. Definition.Conditions.Where(c => c.IsAssert)];
        ConditionTimestamp = DualTimestamp.Now();
        ConditionResult = Evaluate(conditions, out UnitCondition? failedCondition);
        FailedCondition = failedCondition;
        if (!ConditionResult)
        {
            return false;
        }

        AssertTimestamp = DualTimestamp.Now();
        AssertResult = Evaluate(asserts, out UnitCondition? failedAssert);
        if (!AssertResult)
        {
            FailedCondition = failedAssert;
            assertFailed = true;
            return false;
        }

        return true;
    }

    private bool Evaluate(List<UnitCondition> conditions, out UnitCondition? failed)
    {
        failed = null;
        bool anyTriggering = false, triggered = false;
        foreach (UnitCondition condition in conditions)
        {
            bool result = Manager.Conditions.Test(condition, this);
            if (condition.Triggering)
            {
                anyTriggering = true;
                triggered |= result;
                failed ??= result ? null : condition;
            }
            else if (!result)
            {
                failed = condition;
                return false;
            }
        }

        if (anyTriggering && !triggered)
        {
            return false;
        }

        failed = null;
        return true;
    }
}
