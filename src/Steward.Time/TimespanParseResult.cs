namespace Steward.Time;

/// <summary>Why a time span did not parse; the two failures systemd reports with different errno texts.</summary>
public enum TimespanParseResult
{
    Ok,

    /// <summary>EINVAL: "Invalid argument".</summary>
    Invalid,

    /// <summary>ERANGE: "Numerical result out of range" (negative values, overflow).</summary>
    OutOfRange,
}
