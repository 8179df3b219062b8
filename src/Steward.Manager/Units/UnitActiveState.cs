namespace Steward.Manager.Units;

/// <summary>The high-level unit state of systemctl's ACTIVE column.</summary>
public enum UnitActiveState
{
    Active,
    Reloading,
    Inactive,
    Failed,
    Activating,
    Deactivating,
    Maintenance,
}

public static class UnitActiveStates
{
    public static string Name(UnitActiveState state) => state switch
    {
        UnitActiveState.Active => "active",
        UnitActiveState.Reloading => "reloading",
        UnitActiveState.Inactive => "inactive",
        UnitActiveState.Failed => "failed",
        UnitActiveState.Activating => "activating",
        UnitActiveState.Deactivating => "deactivating",
        _ => "maintenance",
    };

    public static bool IsActiveOrReloading(UnitActiveState s) => s is UnitActiveState.Active or UnitActiveState.Reloading;

    public static bool IsInactiveOrFailed(UnitActiveState s) => s is UnitActiveState.Inactive or UnitActiveState.Failed;

    public static bool IsActiveOrActivating(UnitActiveState s) => s is UnitActiveState.Active or UnitActiveState.Activating or UnitActiveState.Reloading;
}
