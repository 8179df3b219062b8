namespace Steward.Manager.Engine;

/// <summary>A moment as systemd records it: wall clock and monotonic, both in microseconds.</summary>
public readonly record struct DualTimestamp(ulong Realtime, ulong Monotonic)
{
    public static DualTimestamp Never => default;

    public bool IsSet => Realtime != 0;

    public static DualTimestamp Now() => new(
        (ulong)((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10),
        (ulong)(System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000)));
}
