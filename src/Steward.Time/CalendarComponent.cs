namespace Steward.Time;

/// <summary>One item of a calendar field: a value, a range <c>a..b</c>, a repetition <c>a/r</c> or both.
/// <see cref="Stop"/> is -1 without a range, <see cref="Repeat"/> 0 without a repetition. Seconds are in μs.</summary>
public readonly record struct CalendarComponent(int Start, int Stop, int Repeat) : IComparable<CalendarComponent>
{
    public int CompareTo(CalendarComponent other)
    {
        int c = Start.CompareTo(other.Start);
        if (c == 0)
        {
            c = Stop.CompareTo(other.Stop);
        }

        return c != 0 ? c : Repeat.CompareTo(other.Repeat);
    }
}
