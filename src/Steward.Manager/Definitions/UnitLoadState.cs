namespace Steward.Manager.Definitions;

/// <summary>Load states as systemd names them (systemctl's LOAD column).</summary>
public enum UnitLoadState
{
    Stub,
    Loaded,
    NotFound,
    BadSetting,
    Error,
    Merged,
    Masked,
}

public static class UnitLoadStates
{
    public static string Name(UnitLoadState state) => state switch
    {
        UnitLoadState.Stub => "stub",
        UnitLoadState.Loaded => "loaded",
        UnitLoadState.NotFound => "not-found",
        UnitLoadState.BadSetting => "bad-setting",
        UnitLoadState.Error => "error",
        UnitLoadState.Merged => "merged",
        _ => "masked",
    };
}
