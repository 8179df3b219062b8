namespace Steward.Time;

/// <summary>Proleptic Gregorian calendar arithmetic on day numbers counted from 1970-01-01.</summary>
public static class CivilTime
{
    public const long SecondsPerDay = 86400;

    public static bool IsLeapYear(long year) => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 1970-01-01 of a date; months outside 1..12 carry into the year.</summary>
    public static long DaysFromCivil(long year, long month, long day)
    {
        year += FloorDiv(month - 1, 12);
        month = FloorMod(month - 1, 12) + 1;
        long y = month <= 2 ? year - 1 : year;
        long era = FloorDiv(y, 400);
        long yoe = y - (era * 400);
        long mp = (month + 9) % 12;
        long doy = ((153 * mp) + 2) / 5 + day - 1;
        long doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        long z = days + 719468;
        long era = FloorDiv(z, 146097);
        long doe = z - (era * 146097);
        long yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        long mp = ((5 * doy) + 2) / 153;
        int day = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + (era * 400) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>0 = Sunday … 6 = Saturday, as struct tm counts.</summary>
    public static int WeekDay(long days) => (int)FloorMod(days + 4, 7);

    public static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    public static long FloorMod(long a, long b) => a - (FloorDiv(a, b) * b);

    /// <summary>Broken-down UTC (gmtime).</summary>
    public static LocalTime ToUtc(long seconds) => Break(seconds, 0, false, "UTC");

    internal static LocalTime Break(long utcSeconds, int offset, bool isDst, string abbreviation)
    {
        long local = utcSeconds + offset;
        long days = FloorDiv(local, SecondsPerDay);
        long secs = local - (days * SecondsPerDay);
        var (y, m, d) = CivilFromDays(days);
        int yday = (int)(days - DaysFromCivil(y, 1, 1));
        return new LocalTime(y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), WeekDay(days), yday, offset, isDst, abbreviation, utcSeconds);
    }

    /// <summary>Seconds of a broken-down time read as UTC (timegm); fields may be out of range and carry.</summary>
    public static long LocalSeconds(long year, long month, long day, long hour, long minute, long second) =>
        (DaysFromCivil(year, month, 1) + day - 1) * SecondsPerDay + (hour * 3600) + (minute * 60) + second;
}

/// <summary>A broken-down time (struct tm) with the zone that applied.</summary>
public readonly record struct LocalTime(long Year, int Month, int Day, int Hour, int Minute, int Second, int WeekDay, int YearDay, int Offset, bool IsDst, string Abbreviation, long UtcSeconds)
{
    public long LocalSeconds => UtcSeconds + Offset;
}
