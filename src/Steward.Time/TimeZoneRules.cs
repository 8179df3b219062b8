namespace Steward.Time;

/// <summary>
/// A time zone as glibc resolves the TZ variable: unset reads /etc/localtime, empty is UTC, <c>:Name</c>
/// and <c>Name</c> name a TZif file under the zoneinfo directory (or an absolute path), and anything
/// that is no such file is read as a POSIX TZ string. Converts both ways, keeps glibc's
/// <c>tzname</c> state (updated by each conversion, as localtime_r does) and the offset mktime
/// remembers between calls, so one instance stands for one process's view of its zone.
/// </summary>
public sealed class TimeZoneRules
{
    public const string DefaultZoneInfo = "/usr/share/zoneinfo";

    private static readonly ZoneType UtcType = new(0, false, "UTC");

    private readonly TzifData? _tzif;
    private readonly PosixTimeZone? _posix;
    private readonly ZoneType _fixed;
    private long _mktimeOffset;

    private TimeZoneRules(TzifData? tzif, PosixTimeZone? posix, ZoneType fixedType)
    {
        _tzif = tzif;
        _posix = posix;
        _fixed = fixedType;
        InitialNames();
    }

    public static TimeZoneRules Utc => new(null, null, UtcType);

    /// <summary>glibc's <c>tzname[0]</c> and <c>tzname[1]</c> as they stand after the last conversion.</summary>
    public string StandardName { get; private set; } = "UTC";

    public string DaylightName { get; private set; } = "UTC";

    /// <summary>What systemd calls "in the UTC time zone": glibc's <c>timezone</c> and <c>daylight</c> both zero.</summary>
    public bool IsUtc { get; private set; }

    /// <summary>The zone of the current process: its TZ variable.</summary>
    public static TimeZoneRules FromProcess() => FromTz(Environment.GetEnvironmentVariable("TZ"));

    /// <summary>Resolves a TZ value (null: unset) as glibc's tzset does.</summary>
    public static TimeZoneRules FromTz(string? tz, string zoneInfo = DefaultZoneInfo)
    {
        if (tz is null)
        {
            return FromFile("/etc/localtime") ?? Utc;
        }

        if (tz.StartsWith(':'))
        {
            tz = tz[1..];
        }

        if (tz.Length == 0)
        {
            return FromFile(Path.Combine(zoneInfo, "Universal")) ?? Utc;
        }

        TimeZoneRules? file = FromFile(tz.StartsWith('/') ? tz : Path.Combine(zoneInfo, tz));
        if (file is not null)
        {
            return file;
        }

        PosixTimeZone? posix = PosixTimeZone.Parse(tz, out string? partialName);
        if (posix is not null)
        {
            return new TimeZoneRules(null, posix, posix.Standard);
        }

        return new TimeZoneRules(null, null, new ZoneType(0, false, partialName ?? ""));
    }

    public static TimeZoneRules? FromFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            TzifData? data = TzifReader.Read(File.ReadAllBytes(path));
            return data is null ? null : FromTzif(data);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static TimeZoneRules FromTzif(TzifData data)
    {
        PosixTimeZone? footer = data.Footer is null ? null : PosixTimeZone.Parse(data.Footer, out _);
        return new TimeZoneRules(data, footer, data.Types[0]);
    }

    public static TimeZoneRules FromPosix(string text) =>
        PosixTimeZone.Parse(text, out _) is PosixTimeZone posix ? new TimeZoneRules(null, posix, posix.Standard) : throw new ArgumentException("not a POSIX TZ string", nameof(text));

    /// <summary>Whether systemd would take a word for a time zone: a TZif file under the zoneinfo directory.</summary>
    public static bool IsValidZoneName(string name, string zoneInfo = DefaultZoneInfo)
    {
        if (name.Length == 0 || name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string part in name.Split('/'))
        {
            if (part is "." or "..")
            {
                return false;
            }

            foreach (char c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+'))
                {
                    return false;
                }
            }
        }

        try
        {
            string path = Path.Combine(zoneInfo, name);
            if (!File.Exists(path))
            {
                return false;
            }

            using FileStream stream = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return stream.Read(magic) == 4 && magic.SequenceEqual("TZif"u8);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The type in effect at a UTC instant, without touching the tzname state.</summary>
    public ZoneType GetType(long utcSeconds)
    {
        if (_tzif is not TzifData z)
        {
            return _posix?.GetType(utcSeconds) ?? _fixed;
        }

        long[] tr = z.Transitions;
        if (tr.Length == 0 || utcSeconds < tr[0])
        {
            return FirstStandardType(z);
        }

        if (utcSeconds >= tr[^1])
        {
            return _posix?.GetType(utcSeconds) ?? z.Types[z.TransitionTypes[^1]];
        }

        int i = UpperBound(tr, utcSeconds);
        return z.Types[z.TransitionTypes[i - 1]];
    }

    /// <summary>localtime_r: the broken-down local time; updates tzname as glibc does.</summary>
    public LocalTime ToLocal(long utcSeconds)
    {
        ZoneType type = GetType(utcSeconds);
        UpdateNames(utcSeconds);
        return CivilTime.Break(utcSeconds, type.Offset, type.IsDst, type.Abbreviation);
    }

    /// <summary>
    /// mktime: the UTC instant of a local time (fields may carry), <paramref name="isDst"/> as tm_isdst
    /// (-1 unknown), as glibc computes it (checked against it on every zone of the differential tests):
    /// the search starts from the offset the previous call remembered and follows the error a few times.
    /// A time in a gap lands on the side whose DST flag differs from the one asked for (without one, on
    /// the DST side); when both sides have the flag asked for there is no answer. A time whose flag does not
    /// hold borrows the offset of the nearest time (within about four years) where it does.
    /// Returns false where glibc's mktime returns -1; <paramref name="result"/> is then undefined.
    /// </summary>
    public bool TryMakeTime(long year, long month, long day, long hour, long minute, long second, int isDst, out LocalTime result)
    {
        result = default;
        long local = CivilTime.LocalSeconds(year, month, day, hour, minute, second);
        long t = local - _mktimeOffset;
        long t1 = t, t2 = t;
        int probes = 6;
        ZoneType type;
        while (true)
        {
            type = GetType(t);
            long guess = local - type.Offset;
            if (guess == t)
            {
                break;
            }

            if (t == t1 && t != t2)
            {
                // Oscillating across a gap between t and t2: no exact answer, pick a side.
                ZoneType other = GetType(t2);
                bool takeOther;
                if (isDst < 0)
                {
                    takeOther = other.IsDst && !type.IsDst;
                }
                else
                {
                    bool want = isDst != 0;
                    if (type.IsDst == want && other.IsDst == want)
                    {
                        return false;
                    }

                    takeOther = type.IsDst == want;
                }

                if (takeOther)
                {
                    t = t2;
                }

                _mktimeOffset = local - t;
                result = ToLocal(t);
                return true;
            }

            if (--probes == 0)
            {
                return false;
            }

            t1 = t2;
            t2 = t;
            t = guess;
        }

        if (isDst >= 0 && type.IsDst != (isDst != 0))
        {
            const long stride = 601200;
            const long bound = (536454000 / 2) + stride;
            bool found = false;
            for (long delta = stride; delta < bound && !found; delta += stride)
            {
                for (int direction = -1; direction <= 1; direction += 2)
                {
                    ZoneType probe = GetType(t + (delta * direction));
                    if (probe.IsDst == (isDst != 0))
                    {
                        t = local - probe.Offset;
                        found = true;
                        break;
                    }
                }
            }

            if (!found)
            {
                t += 3600 * ((isDst == 0 ? 1 : 0) - (type.IsDst ? 0 : 1));
            }
        }

        _mktimeOffset = local - t;
        result = ToLocal(t);
        return true;
    }

    /// <summary>Forgets the offset remembered by <see cref="MakeTime"/>, as in a fresh process.</summary>
    public void ResetMakeTime() => _mktimeOffset = 0;

    /// <summary>Takes over the offset <paramref name="parent"/>'s <see cref="MakeTime"/> remembers: glibc keeps one
    /// per process, so a child forked to compute in another zone starts from its parent's.</summary>
    public void InheritMakeTime(TimeZoneRules parent) => _mktimeOffset = parent._mktimeOffset;

    private static ZoneType FirstStandardType(TzifData z)
    {
        foreach (ZoneType t in z.Types)
        {
            if (!t.IsDst)
            {
                return t;
            }
        }

        return z.Types[0];
    }

    private static int UpperBound(long[] values, long key)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void InitialNames()
    {
        if (_tzif is TzifData z)
        {
            WalkNames(z, z.Transitions.Length);
            int std = 0, dst = 0;
            bool haveStd = false, haveDst = false;
            for (int i = z.Transitions.Length - 1; i >= 0 && !(haveStd && haveDst); i--)
            {
                ZoneType t = z.Types[z.TransitionTypes[i]];
                if (t.IsDst && !haveDst)
                {
                    dst = t.Offset;
                    haveDst = true;
                }
                else if (!t.IsDst && !haveStd)
                {
                    std = t.Offset;
                    haveStd = true;
                }
            }

            if (!haveStd)
            {
                std = z.Transitions.Length > 0 ? (haveDst ? dst : 0) : z.Types[0].Offset;
            }

            if (!haveDst)
            {
                dst = std;
            }

            IsUtc = std == 0 && dst == 0;
            if (z.Transitions.Length == 0 && _posix is not null)
            {
                PosixNames(_posix);
            }

            return;
        }

        if (_posix is not null)
        {
            PosixNames(_posix);
            IsUtc = _posix.Standard.Offset == 0 && (_posix.Daylight is null || _posix.Daylight.Value.Offset == 0);
            return;
        }

        StandardName = DaylightName = _fixed.Abbreviation;
        IsUtc = _fixed.Offset == 0;
    }

    private void PosixNames(PosixTimeZone posix)
    {
        StandardName = posix.Standard.Abbreviation;
        DaylightName = posix.Daylight?.Abbreviation ?? posix.Standard.Abbreviation;
    }

    /// <summary>The most recent standard and DST names at or before transition index <paramref name="end"/> (exclusive).</summary>
    private void WalkNames(TzifData z, int end)
    {
        string? std = null, dst = null;
        for (int i = end - 1; i >= 0 && (std is null || dst is null); i--)
        {
            ZoneType t = z.Types[z.TransitionTypes[i]];
            if (t.IsDst)
            {
                dst ??= t.Abbreviation;
            }
            else
            {
                std ??= t.Abbreviation;
            }
        }

        std ??= dst ?? FirstStandardType(z).Abbreviation;
        StandardName = std;
        DaylightName = dst ?? std;
    }

    private void UpdateNames(long utcSeconds)
    {
        if (_tzif is not TzifData z)
        {
            return;
        }

        long[] tr = z.Transitions;
        if (tr.Length == 0 || utcSeconds < tr[0])
        {
            ZoneType first = FirstStandardType(z);
            StandardName = first.Abbreviation;
            // A loop, not LINQ: this runs on every conversion in a zone without transitions (UTC files).
            DaylightName = first.Abbreviation;
            foreach (ZoneType t in z.Types)
            {
                if (t.IsDst)
                {
                    DaylightName = t.Abbreviation;
                    break;
                }
            }

            return;
        }

        if (utcSeconds >= tr[^1] && _posix is not null)
        {
            PosixNames(_posix);
            return;
        }

        // The type in effect and the ones after it name the zone; what is still missing comes from before.
        int index = UpperBound(tr, utcSeconds);
        string? std = null, dst = null;
        for (int j = index - 1; j < tr.Length && (std is null || dst is null); j++)
        {
            ZoneType t = z.Types[z.TransitionTypes[j]];
            if (t.IsDst)
            {
                dst ??= t.Abbreviation;
            }
            else
            {
                std ??= t.Abbreviation;
            }
        }

        WalkNames(z, index);
        StandardName = std ?? StandardName;
        DaylightName = dst ?? (DaylightName == StandardName && std is not null ? std : DaylightName);
    }
}
