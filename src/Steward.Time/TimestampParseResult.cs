namespace Steward.Time;

/// <summary>Why a timestamp did not parse, as the errno systemd reports.</summary>
public enum TimestampParseResult
{
    Ok,

    /// <summary>EINVAL: "Invalid argument".</summary>
    Invalid,

    /// <summary>ERANGE: "Numerical result out of range".</summary>
    OutOfRange,
}
