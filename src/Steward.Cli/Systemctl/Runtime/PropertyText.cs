using System.Globalization;
using System.Text;
using Steward.Bus;
using Steward.Time;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>
/// How one property reads in <c>systemctl show</c>: the values of its <c>Name=value</c> lines (most properties have one
/// line; lists of structs such as ExecStart= have one per item and none when empty), and whether it counts as empty,
/// which hides it unless <c>--all</c> or <c>-p</c> names it.
/// </summary>
public sealed record PropertyText(IReadOnlyList<string> Lines, bool Empty)
{
    internal const string Unprintable = "[unprintable]";
    internal const string NotSet = "[not set]";

    private static PropertyText One(string text, bool empty = false) => new([text], empty);

    private static PropertyText EmptyText => new([""], true);

    private static PropertyText PerItem(IEnumerable<string> lines)
    {
        var list = lines.ToList();
        return new PropertyText(list, list.Count == 0);
    }

    /// <summary>The text systemctl 252 shows for property <paramref name="name"/> with value <paramref name="value"/>.</summary>
    public static PropertyText Of(string name, Variant value, TimeZoneRules zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(zone);
        object v = value.Value;
        switch (value.Signature)
        {
            case "b":
                return One((bool)v ? "yes" : "no");
            case "s":
            case "o":
                {
                    string s = v.ToString() ?? "";
                    return s.Length == 0 ? EmptyText : One(s);
                }

            case "t":
                return OfUInt64(name, (ulong)v, zone);
            case "u":
                return OfUInt32(name, (uint)v);
            case "i":
                return OfInt32(name, (int)v);
            case "x":
                return One(((long)v).ToString(CultureInfo.InvariantCulture));
            case "d":
                return One(((double)v).ToString(CultureInfo.InvariantCulture));
            case "as":
                {
                    var items = Strings(v);
                    return items.Count == 0 ? EmptyText : One(string.Join(' ', items.Select(QuoteIfNeeded)));
                }

            case "ay":
                return OfBytes(name, Bytes(v));
            case "aay":
                {
                    var items = ((DBusArray)v).Items.Select(i => Encoding.UTF8.GetString(Bytes(i))).ToList();
                    return items.Count == 0 ? EmptyText : One(string.Join(' ', items));
                }

            case "(bas)":
                {
                    var f = ((DBusStruct)v).Fields;
                    var list = Strings(f[1]);
                    string text = ((bool)f[0] ? "" : "~") + string.Join(' ', list);
                    return One(text, list.Count == 0);
                }

            case "(bs)":
                {
                    var f = ((DBusStruct)v).Fields;
                    string s = (string)f[1];
                    return s.Length == 0 ? EmptyText : One(((bool)f[0] ? "-" : "") + s);
                }

            case "(ss)":
                {
                    var f = ((DBusStruct)v).Fields;
                    string a = (string)f[0], b = (string)f[1];
                    return a.Length == 0 && b.Length == 0 ? EmptyText : One($"{a} \"{b}\"");
                }

            case "(uo)":
                {
                    uint id = (uint)((DBusStruct)v).Fields[0];
                    return id == 0 ? EmptyText : One(id.ToString(CultureInfo.InvariantCulture));
                }

            case "(aiai)":
                {
                    var f = ((DBusStruct)v).Fields;
                    var parts = Ints(f[0]).Select(i => i.ToString(CultureInfo.InvariantCulture))
                        .Concat(Ints(f[1]).Select(s => ExitStatusText.SignalName(s) is { } n ? "SIG" + n : s.ToString(CultureInfo.InvariantCulture)))
                        .ToList();
                    return parts.Count == 0 ? EmptyText : One(string.Join(' ', parts));
                }

            case "a(sasbttttuii)":
            case "a(sasasttttuii)":
                return PerItem(Structs(v).Select(f => ExecCommand(f, value.Signature == "a(sasasttttuii)", zone)));
            case "a(ss)":
                return OfStringPairs(name, Structs(v));
            case "a(st)":
                return PerItem(Structs(v).Select(f => $"{f[0]} {((ulong)f[1]).ToString(CultureInfo.InvariantCulture)}"));
            case "a(sst)":
                return PerItem(Structs(v).Select(f => $"{f[0]} {f[1]} {((ulong)f[2]).ToString(CultureInfo.InvariantCulture)}"));
            case "a(stt)":
                return PerItem(Structs(v).Select(f => $"{{ {f[0]}={Timespan.Format((ulong)f[1])} ; next_elapse={Timespan.Format((ulong)f[2])} }}"));
            case "a(sb)":
                return PerItem(Structs(v).Select(f => $"{f[0]} (ignore_errors={((bool)f[1] ? "yes" : "no")})"));
            case "a(iiqq)":
                return PerItem(Structs(v).Select(f => $"{f[0]} {f[1]} {f[2]} {f[3]}"));
            case "a(ssbt)":
                {
                    var items = Structs(v).Select(f => $"{((bool)f[2] ? "-" : "")}{f[0]}:{f[1]}").ToList();
                    return items.Count == 0 ? EmptyText : One(string.Join(' ', items));
                }

            case "a(sba(ss))":
            case "a(ssba(ss))":
                {
                    var items = Structs(v).ToList();
                    return items.Count == 0 ? EmptyText : One(Unprintable, true);
                }

            case "a(iayu)":
                {
                    var items = Structs(v).Select(f => $"{IpAddress((int)f[0], Bytes(f[1]))}/{((uint)f[2]).ToString(CultureInfo.InvariantCulture)}").ToList();
                    return items.Count == 0 ? EmptyText : One(string.Join(' ', items));
                }

            default:
                // systemctl has no printer for these (q, n, y and most struct lists): "[unprintable]", shown only with --all.
                return One(Unprintable, true);
        }
    }

    private static PropertyText OfUInt64(string name, ulong v, TimeZoneRules zone)
    {
        if (IsTimestamp(name))
        {
            string? ts = Timestamp.Format(v, zone);
            return ts is null ? EmptyText : One(ts);
        }

        if (name.EndsWith("Monotonic", StringComparison.Ordinal) && !name.StartsWith("NextElapse", StringComparison.Ordinal))
        {
            return One(v.ToString(CultureInfo.InvariantCulture));
        }

        if (name.EndsWith("USec", StringComparison.Ordinal) || name.EndsWith("USecMonotonic", StringComparison.Ordinal))
        {
            return One(Timespan.Format(v));
        }

        switch (name)
        {
            case "CapabilityBoundingSet":
            case "AmbientCapabilities":
                return v == 0 ? EmptyText : One(Capabilities(v));
            case "MountFlags":
                return v == 0 ? EmptyText : One(MountPropagation(v));
            case "RestrictNamespaces":
                return One(v == 0 ? "yes" : v == ulong.MaxValue ? "no" : v.ToString(CultureInfo.InvariantCulture));
            case "CoredumpFilter":
                return One("0x" + v.ToString("x", CultureInfo.InvariantCulture));
        }

        if (v == ulong.MaxValue)
        {
            if (name.StartsWith("IPIngress", StringComparison.Ordinal) || name.StartsWith("IPEgress", StringComparison.Ordinal))
            {
                return One("[no data]");
            }

            if (name.StartsWith("Limit", StringComparison.Ordinal) || name.EndsWith("Max", StringComparison.Ordinal)
                || name.EndsWith("High", StringComparison.Ordinal) || name is "MemoryLimit" or "MemoryAvailable")
            {
                return One("infinity");
            }

            if (name.EndsWith("Current", StringComparison.Ordinal) || name.EndsWith("Weight", StringComparison.Ordinal)
                || name.EndsWith("Shares", StringComparison.Ordinal) || name == "CPUUsageNSec")
            {
                return One(NotSet);
            }
        }

        return One(v.ToString(CultureInfo.InvariantCulture));
    }

    private static bool IsTimestamp(string name) =>
        (name.Contains("Timestamp", StringComparison.Ordinal) && !name.EndsWith("Monotonic", StringComparison.Ordinal))
        || name is "NextElapseUSecRealtime" or "LastTriggerUSec";

    private static PropertyText OfUInt32(string name, uint v)
    {
        if (name is "UID" or "GID" && v == uint.MaxValue)
        {
            return One(NotSet);
        }

        if (name == "UMask" || name.EndsWith("Mode", StringComparison.Ordinal))
        {
            return One("0" + Convert.ToString(v, 8).PadLeft(3, '0'));
        }

        return One(v.ToString(CultureInfo.InvariantCulture));
    }

    private static PropertyText OfInt32(string name, int v)
    {
        if (name is "FailureActionExitStatus" or "SuccessActionExitStatus" && v < 0)
        {
            return One(NotSet, true);
        }

        if (name == "NUMAPolicy")
        {
            return One(v switch
            {
                0 => "default",
                1 => "preferred",
                2 => "bind",
                3 => "interleave",
                4 => "local",
                _ => "n/a",
            });
        }

        return One(v.ToString(CultureInfo.InvariantCulture));
    }

    private static PropertyText OfBytes(string name, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return EmptyText;
        }

        if (name is "StandardInputData")
        {
            return One(Convert.ToBase64String(bytes));
        }

        if (name.EndsWith("CPUs", StringComparison.Ordinal) || name.EndsWith("MemoryNodes", StringComparison.Ordinal)
            || name is "CPUAffinity" or "NUMAMask")
        {
            return One(BitmapRanges(bytes));
        }

        return One(Convert.ToHexStringLower(bytes));
    }

    private static PropertyText OfStringPairs(string name, IEnumerable<IReadOnlyList<object>> items)
    {
        switch (name)
        {
            case "Listen":
                return PerItem(items.Select(f => $"{f[1]} ({f[0]})"));
            case "DeviceAllow":
            case "RootImageOptions":
                return PerItem(items.Select(f => $"{f[0]} {f[1]}"));
            case "BPFProgram":
                return PerItem(items.Select(f => $"{f[0]}:{f[1]}"));
            case "TemporaryFileSystem":
                {
                    var list = items.Select(f => ((string)f[1]).Length == 0 ? (string)f[0] : $"{f[0]}:{f[1]}").ToList();
                    return list.Count == 0 ? EmptyText : One(string.Join(' ', list));
                }

            default:
                return One(Unprintable, true);
        }
    }

    private static string ExecCommand(IReadOnlyList<object> f, bool extended, TimeZoneRules zone)
    {
        string path = (string)f[0];
        string argv = string.Join(' ', Strings(f[1]));
        string third = extended ? $"flags={string.Join(' ', Strings(f[2]))}" : $"ignore_errors={((bool)f[2] ? "yes" : "no")}";
        ulong start = (ulong)f[3], stop = (ulong)f[5];
        uint pid = (uint)f[7];
        int code = (int)f[8], status = (int)f[9];
        string codeText = ExitStatusText.CodeName(code) ?? "(null)";
        string statusText = code == ExitStatusText.Exited
            ? status.ToString(CultureInfo.InvariantCulture)
            : $"{status.ToString(CultureInfo.InvariantCulture)}/{ExitStatusText.SignalName(status) ?? status.ToString(CultureInfo.InvariantCulture)}";
        return $"{{ path={path} ; argv[]={argv} ; {third} ; start_time=[{Timestamp.Format(start, zone) ?? "n/a"}] ; stop_time=[{Timestamp.Format(stop, zone) ?? "n/a"}] ; pid={pid.ToString(CultureInfo.InvariantCulture)} ; code={codeText} ; status={statusText} }}";
    }

    private static readonly string[] CapabilityNames =
    [
        "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid", "cap_kill", "cap_setgid",
        "cap_setuid", "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast", "cap_net_admin",
        "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner", "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot",
        "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice", "cap_sys_resource",
        "cap_sys_time", "cap_sys_tty_config", "cap_mknod", "cap_lease", "cap_audit_write", "cap_audit_control",
        "cap_setfcap", "cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm", "cap_block_suspend",
        "cap_audit_read", "cap_perfmon", "cap_bpf", "cap_checkpoint_restore",
    ];

    private static string Capabilities(ulong mask)
    {
        var names = new List<string>();
        for (int i = 0; i < CapabilityNames.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                names.Add(CapabilityNames[i]);
            }
        }

        return string.Join(' ', names);
    }

    // MS_SHARED, MS_SLAVE, MS_PRIVATE as MountFlags= names them.
    private static string MountPropagation(ulong flags) =>
        (flags & (1UL << 20)) != 0 ? "shared" : (flags & (1UL << 19)) != 0 ? "slave" : (flags & (1UL << 18)) != 0 ? "private" : flags.ToString(CultureInfo.InvariantCulture);

    private static string BitmapRanges(byte[] bytes)
    {
        var ranges = new List<string>();
        int n = bytes.Length * 8;
        for (int i = 0; i < n; i++)
        {
            if ((bytes[i / 8] & (1 << (i % 8))) == 0)
            {
                continue;
            }

            int j = i;
            while (j + 1 < n && (bytes[(j + 1) / 8] & (1 << ((j + 1) % 8))) != 0)
            {
                j++;
            }

            ranges.Add(i == j ? i.ToString(CultureInfo.InvariantCulture) : $"{i}-{j}");
            i = j;
        }

        return string.Join(' ', ranges);
    }

    private static string IpAddress(int family, byte[] address)
    {
        if (family == 2 && address.Length == 4)
        {
            return string.Join('.', address);
        }

        return new System.Net.IPAddress(address).ToString();
    }

    // Strings holding characters a shell would treat specially are shown in double quotes, as systemctl does for
    // Documentation= ("man:sleep(1)") while plain ones (URLs, A=1) stay bare.
    internal static string QuoteIfNeeded(string s)
    {
        const string special = " \t\n\"'\\`$*?[](){}<>|&;!#";
        if (s.Length > 0 && s.IndexOfAny(special.ToCharArray()) < 0)
        {
            return s;
        }

        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c is '"' or '\\' or '`' or '$')
            {
                b.Append('\\');
            }

            b.Append(c);
        }

        return b.Append('"').ToString();
    }

    internal static List<string> Strings(object v) => ((DBusArray)v).Items.Select(i => (string)i).ToList();

    private static IEnumerable<int> Ints(object v) => ((DBusArray)v).Items.Select(i => (int)i);

    private static byte[] Bytes(object v) => v is byte[] raw ? raw : ((DBusArray)v).Items.Select(i => (byte)i).ToArray();

    internal static IEnumerable<IReadOnlyList<object>> Structs(object v) => ((DBusArray)v).Items.Select(i => ((DBusStruct)i).Fields);
}
