using Steward.Manager.Definitions;
using Steward.Manager.Engine;

namespace Steward.Manager.Units;

/// <summary>A target: a synchronization point that is active as soon as its job runs.</summary>
public sealed class TargetUnit(UnitManager manager, UnitDefinition definition) : Unit(manager, definition)
{
    public override string SubState => UnitActiveStates.IsActiveOrReloading(ActiveState) ? "active" : "dead";

    protected override JobStep OnStart()
    {
        SetState(UnitActiveState.Active, unexpected: false);
        return JobStep.Pending;
    }

    protected override JobStep OnStop()
    {
        SetState(UnitActiveState.Inactive, unexpected: false);
        return JobStep.Pending;
    }
}

/// <summary>A slice: a node of the resource tree; here it groups units' cgroups and is active while used.</summary>
public sealed class SliceUnit(UnitManager manager, UnitDefinition definition) : Unit(manager, definition)
{
    public override string SubState => UnitActiveStates.IsActiveOrReloading(ActiveState) ? "active" : "dead";

    protected override JobStep OnStart()
    {
        SetState(UnitActiveState.Active, unexpected: false);
        return JobStep.Pending;
    }

    protected override JobStep OnStop()
    {
        SetState(UnitActiveState.Inactive, unexpected: false);
        return JobStep.Pending;
    }
}

/// <summary>A unit of a type Steward does not run (socket, timer, mount … for now): it loads and can be
/// inspected, and a job on it ends as unsupported.</summary>
public sealed class UnsupportedUnit(UnitManager manager, UnitDefinition definition) : Unit(manager, definition)
{
    public override string SubState => "dead";

    public override bool CanStart => false;

    protected override JobStep OnStart() => JobStep.Unsupported;

    protected override JobStep OnStop() => JobStep.Done;
}
