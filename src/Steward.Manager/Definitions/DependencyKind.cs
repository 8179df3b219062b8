namespace Steward.Manager.Definitions;

/// <summary>The dependency settings of <c>[Unit]</c> (and their implicit reverse sides), as man
/// systemd.unit names them. The engine never asks for a kind directly: it asks for the
/// <see cref="DependencyAtoms"/> a kind carries.</summary>
public enum DependencyKind
{
    Requires,
    Requisite,
    Wants,
    BindsTo,
    PartOf,
    Upholds,
    Conflicts,
    Before,
    After,
    OnFailure,
    OnSuccess,
    PropagatesReloadTo,
    ReloadPropagatedFrom,
    PropagatesStopTo,
    StopPropagatedFrom,

    // The reverse sides systemd adds and shows (systemctl show: RequiredBy=, WantedBy=, …).
    RequiredBy,
    RequisiteOf,
    WantedBy,
    BoundBy,
    ConsistsOf,
    UpheldBy,
    ConflictedBy,
    OnFailureOf,
    OnSuccessOf,
    Triggers,
    TriggeredBy,
}

/// <summary>What a dependency does, one behaviour per flag: a job engine that asks for behaviours
/// stays correct when a new kind is added.</summary>
[Flags]
public enum DependencyAtoms
{
    None = 0,
    /// <summary>Starting this unit starts the other; if that fails, this start fails.</summary>
    PullInStart = 1 << 0,
    /// <summary>Starting this unit starts the other; its failure is ignored.</summary>
    PullInStartIgnored = 1 << 1,
    /// <summary>Starting this unit requires the other to be active already.</summary>
    PullInVerify = 1 << 2,
    /// <summary>Starting this unit stops the other.</summary>
    PullInStop = 1 << 3,
    /// <summary>Stopping (or restarting) the other stops (or restarts) this unit: the reverse of requirement.</summary>
    PropagateStop = 1 << 4,
    /// <summary>Restarting the other restarts this unit (PartOf=).</summary>
    PropagateRestart = 1 << 5,
    /// <summary>This unit stops when the other goes inactive for any reason (BindsTo=).</summary>
    CannotBeActiveWithout = 1 << 6,
    /// <summary>Ordering: this unit's start waits for the other's.</summary>
    After = 1 << 7,
    Before = 1 << 8,
    /// <summary>This unit's failure activates the other.</summary>
    OnFailure = 1 << 9,
    OnSuccess = 1 << 10,
    /// <summary>This unit keeps the other running, restarting it when it goes inactive.</summary>
    Upholds = 1 << 11,
    PropagatesReload = 1 << 12,
    /// <summary>A failure of the other fails this unit's pending start (requirement).</summary>
    FailOnDependencyFailure = 1 << 13,
}

/// <summary>The atoms of each dependency kind, and which kind is the other side of which.</summary>
public static class DependencyKinds
{
    public static DependencyAtoms AtomsOf(DependencyKind kind) => kind switch
    {
        DependencyKind.Requires => DependencyAtoms.PullInStart | DependencyAtoms.FailOnDependencyFailure,
        DependencyKind.Requisite => DependencyAtoms.PullInVerify | DependencyAtoms.FailOnDependencyFailure,
        DependencyKind.Wants => DependencyAtoms.PullInStartIgnored,
        DependencyKind.BindsTo => DependencyAtoms.PullInStart | DependencyAtoms.FailOnDependencyFailure | DependencyAtoms.CannotBeActiveWithout,
        DependencyKind.Upholds => DependencyAtoms.PullInStartIgnored | DependencyAtoms.Upholds,
        DependencyKind.Conflicts or DependencyKind.ConflictedBy => DependencyAtoms.PullInStop,
        DependencyKind.After => DependencyAtoms.After,
        DependencyKind.Before => DependencyAtoms.Before,
        DependencyKind.OnFailure => DependencyAtoms.OnFailure,
        DependencyKind.OnSuccess => DependencyAtoms.OnSuccess,
        DependencyKind.RequiredBy or DependencyKind.BoundBy or DependencyKind.RequisiteOf => DependencyAtoms.PropagateStop,
        DependencyKind.ConsistsOf => DependencyAtoms.PropagateStop | DependencyAtoms.PropagateRestart,
        DependencyKind.PropagatesStopTo => DependencyAtoms.PropagateStop,
        DependencyKind.PropagatesReloadTo => DependencyAtoms.PropagatesReload,
        _ => DependencyAtoms.None,
    };

    /// <summary>The kind recorded on the other unit when this unit has <paramref name="kind"/> on it.</summary>
    public static DependencyKind? ReverseOf(DependencyKind kind) => kind switch
    {
        DependencyKind.Requires => DependencyKind.RequiredBy,
        DependencyKind.Requisite => DependencyKind.RequisiteOf,
        DependencyKind.Wants => DependencyKind.WantedBy,
        DependencyKind.BindsTo => DependencyKind.BoundBy,
        DependencyKind.PartOf => DependencyKind.ConsistsOf,
        DependencyKind.Upholds => DependencyKind.UpheldBy,
        DependencyKind.Conflicts => DependencyKind.ConflictedBy,
        DependencyKind.Before => DependencyKind.After,
        DependencyKind.After => DependencyKind.Before,
        DependencyKind.OnFailure => DependencyKind.OnFailureOf,
        DependencyKind.OnSuccess => DependencyKind.OnSuccessOf,
        DependencyKind.PropagatesReloadTo => DependencyKind.ReloadPropagatedFrom,
        DependencyKind.ReloadPropagatedFrom => DependencyKind.PropagatesReloadTo,
        DependencyKind.PropagatesStopTo => DependencyKind.StopPropagatedFrom,
        DependencyKind.StopPropagatedFrom => DependencyKind.PropagatesStopTo,
        DependencyKind.Triggers => DependencyKind.TriggeredBy,
        DependencyKind.TriggeredBy => DependencyKind.Triggers,
        _ => null,
    };

    /// <summary>The forward kinds a <c>[Unit]</c> section may set.</summary>
    public static IReadOnlyList<DependencyKind> Settable { get; } =
    [
        DependencyKind.Requires, DependencyKind.Requisite, DependencyKind.Wants, DependencyKind.BindsTo, DependencyKind.PartOf,
        DependencyKind.Upholds, DependencyKind.Conflicts, DependencyKind.Before, DependencyKind.After, DependencyKind.OnFailure,
        DependencyKind.OnSuccess, DependencyKind.PropagatesReloadTo, DependencyKind.ReloadPropagatedFrom,
        DependencyKind.PropagatesStopTo, DependencyKind.StopPropagatedFrom,
    ];
}
