namespace Steward.Install;

/// <summary>The unit file states systemctl reports (is-enabled, list-unit-files).</summary>
public enum UnitFileState
{
    Enabled,
    EnabledRuntime,
    Linked,
    LinkedRuntime,
    Alias,
    Masked,
    MaskedRuntime,
    Static,
    Disabled,
    Indirect,
    Generated,
    Transient,
    Bad,
}

public static class UnitFileStateNames
{
    public static string ToText(this UnitFileState state) => state switch
    {
        UnitFileState.Enabled => "enabled",
        UnitFileState.EnabledRuntime => "enabled-runtime",
        UnitFileState.Linked => "linked",
        UnitFileState.LinkedRuntime => "linked-runtime",
        UnitFileState.Alias => "alias",
        UnitFileState.Masked => "masked",
        UnitFileState.MaskedRuntime => "masked-runtime",
        UnitFileState.Static => "static",
        UnitFileState.Disabled => "disabled",
        UnitFileState.Indirect => "indirect",
        UnitFileState.Generated => "generated",
        UnitFileState.Transient => "transient",
        _ => "bad",
    };

    /// <summary>The states for which <c>is-enabled</c> exits 0.</summary>
    public static bool CountsAsEnabled(this UnitFileState state) =>
        state is UnitFileState.Enabled or UnitFileState.EnabledRuntime or UnitFileState.Static or UnitFileState.Alias
            or UnitFileState.Indirect or UnitFileState.Generated;
}
