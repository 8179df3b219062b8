using P = Steward.Units.Directives.ValueParsers;

namespace Steward.Units.Directives;

/// <summary>Which directives each section accepts and how each value is checked, after the systemd 252 man pages.
/// Directives without a specific checker accept any value for now.</summary>
public static class DirectiveTable
{
    private static readonly string[] Dependencies =
    [
        "Requires", "Requisite", "Wants", "BindsTo", "PartOf", "Upholds", "Conflicts", "Before", "After", "OnFailure",
        "OnSuccess", "PropagatesReloadTo", "ReloadPropagatedFrom", "PropagatesStopTo", "StopPropagatedFrom", "JoinsNamespaceOf",
    ];

    private static readonly string[] Booleans =
    [
        "DefaultDependencies", "StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop", "AllowIsolate", "IgnoreOnIsolate",
        "RemainAfterExit", "GuessMainPID", "RootDirectoryStartOnly", "NonBlocking", "PrivateTmp", "PrivateDevices",
        "PrivateNetwork", "PrivateUsers", "PrivateMounts", "PrivateIPC", "NoNewPrivileges", "DynamicUser", "RemoveIPC",
        "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectClock",
        "ProtectHostname", "MemoryDenyWriteExecute", "RestrictRealtime", "RestrictSUIDSGID", "LockPersonality",
        "IgnoreSIGPIPE", "TTYReset", "TTYVHangup", "TTYVTDisallocate", "SyslogLevelPrefix", "CPUSchedulingResetOnFork",
        "MountAPIVFS", "SendSIGHUP", "SendSIGKILL", "CPUAccounting", "MemoryAccounting", "IOAccounting", "IPAccounting",
        "TasksAccounting", "Persistent", "WakeSystem", "RemainAfterElapse", "OnClockChange", "OnTimezoneChange",
        "FixedRandomDelay", "Accept", "Writable", "FlushPending", "KeepAlive", "NoDelay", "FreeBind", "Transparent",
        "Broadcast", "PassCredentials", "PassSecurity", "PassPacketInfo", "ReusePort", "RemoveOnStop", "SELinuxContextFromNet",
        "MakeDirectory", "SloppyOptions", "LazyUnmount", "ReadWriteOnly", "ForceUnmount",
    ];

    private static readonly string[] Secs =
    [
        "RestartSec", "WatchdogSec", "RuntimeMaxSec", "RuntimeRandomizedExtraSec", "TimeoutCleanSec", "AccuracySec",
        "RandomizedDelaySec", "StartLimitIntervalSec", "StartLimitInterval", "DeferAcceptSec", "KeepAliveTimeSec",
        "KeepAliveIntervalSec", "TriggerLimitIntervalSec", "LogRateLimitIntervalSec", "CPUQuotaPeriodSec", "TimeoutIdleSec",
    ];

    private static readonly string[] NamedSecs =
        ["TimeoutSec", "TimeoutStartSec", "TimeoutStopSec", "TimeoutAbortSec", "JobTimeoutSec", "JobRunningTimeoutSec"];

    private static readonly string[] TimerValues =
        ["OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec"];

    private static readonly string[] Unsigneds =
        ["StartLimitBurst", "TriggerLimitBurst", "FileDescriptorStoreMax", "LogRateLimitBurst", "MaxConnections", "MaxConnectionsPerSource", "KeepAliveProbes"];

    private static readonly string[] SignalKeys = ["KillSignal", "RestartKillSignal", "FinalKillSignal", "WatchdogSignal"];

    private static readonly Dictionary<string, ValueParser> Special = new(StringComparer.Ordinal)
    {
        ["Type"] = P.Enum("service type", "simple", "exec", "forking", "oneshot", "dbus", "notify", "idle"),
        ["Restart"] = P.Enum("service restart specifier", "no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"),
        ["KillMode"] = P.Enum("kill mode specification", "control-group", "process", "mixed", "none"),
        ["NotifyAccess"] = P.Enum("notify access specifier", "none", "main", "exec", "all"),
        ["StandardOutput"] = OutputSpecifier(),
        ["StandardError"] = OutputSpecifier(),
        ["Nice"] = P.Nice,
        ["User"] = P.UserOrGroup,
        ["Group"] = P.UserOrGroup,
    };

    private static readonly string[] ExecSections = ["Service", "Socket", "Mount", "Swap"];

    private static readonly string[] KillSections = ["Service", "Socket", "Mount", "Swap", "Scope"];

    private static readonly string[] ResourceSections = ["Service", "Socket", "Mount", "Swap", "Slice", "Scope"];

    private static readonly Dictionary<string, Dictionary<string, ValueParser>> Sections = Build();

    /// <summary>All section names Steward knows.</summary>
    public static IEnumerable<string> SectionNames => Sections.Keys;

    /// <summary>The section a unit type's own directives live in ("service" → "Service"; "target" → none).</summary>
    public static string? TypeSection(string unitType) => unitType switch
    {
        "service" => "Service",
        "socket" => "Socket",
        "timer" => "Timer",
        "path" => "Path",
        "slice" => "Slice",
        "scope" => "Scope",
        "mount" => "Mount",
        "swap" => "Swap",
        "automount" => "Automount",
        _ => null,
    };

    public static bool HasSection(string section) => Sections.ContainsKey(section);

    public static IEnumerable<string> Keys(string section) =>
        Sections.TryGetValue(section, out var keys) ? keys.Keys : [];

    /// <summary>The checker for <paramref name="key"/> in <paramref name="section"/>, or null when unknown there.</summary>
    public static ValueParser? Find(string section, string key) =>
        Sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out ValueParser? parser) ? parser : null;

    /// <summary>Sections (in table order) that accept <paramref name="key"/>.</summary>
    public static IEnumerable<string> SectionsOf(string key) =>
        Sections.Where(s => s.Value.ContainsKey(key)).Select(s => s.Key);

    private static ValueParser OutputSpecifier()
    {
        ValueParser simple = P.Enum("output specifier", "inherit", "null", "tty", "journal", "kmsg", "journal+console", "kmsg+console", "socket");
        return (k, v) =>
            v.StartsWith("file:", StringComparison.Ordinal) || v.StartsWith("append:", StringComparison.Ordinal)
            || v.StartsWith("truncate:", StringComparison.Ordinal) || v.StartsWith("fd:", StringComparison.Ordinal)
                ? null : simple(k, v);
    }

    private static Dictionary<string, Dictionary<string, ValueParser>> Build()
    {
        var table = new Dictionary<string, Dictionary<string, ValueParser>>(StringComparer.Ordinal);
        Add(table, "Unit", DirectiveNames.Unit);
        Add(table, "Install", DirectiveNames.Install);
        Add(table, "Service", DirectiveNames.Service + " StartLimitBurst StartLimitIntervalSec StartLimitInterval StartLimitAction FailureAction SuccessAction RebootArgument PermissionsStartOnly");
        Add(table, "Socket", DirectiveNames.Socket);
        Add(table, "Timer", DirectiveNames.Timer);
        Add(table, "Path", DirectiveNames.Path);
        Add(table, "Slice", string.Empty);
        Add(table, "Scope", DirectiveNames.Scope);
        Add(table, "Mount", DirectiveNames.Mount);
        Add(table, "Swap", DirectiveNames.Swap);
        Add(table, "Automount", DirectiveNames.Automount);
        foreach (string s in ExecSections)
        {
            Add(table, s, DirectiveNames.Exec);
        }

        foreach (string s in KillSections)
        {
            Add(table, s, DirectiveNames.Kill);
        }

        foreach (string s in ResourceSections)
        {
            Add(table, s, DirectiveNames.ResourceControl);
        }

        return table;
    }

    private static void Add(Dictionary<string, Dictionary<string, ValueParser>> table, string section, string names)
    {
        if (!table.TryGetValue(section, out var keys))
        {
            keys = new Dictionary<string, ValueParser>(StringComparer.Ordinal);
            table[section] = keys;
        }

        foreach (string name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            keys[name] = ParserFor(section, name);
        }
    }

    private static ValueParser ParserFor(string section, string name)
    {
        if (section == "Unit" && Array.IndexOf(Dependencies, name) >= 0)
        {
            return P.Dependency;
        }

        if (Special.TryGetValue(name, out ValueParser? special) && (name != "Type" || section == "Service"))
        {
            return special;
        }

        return Array.IndexOf(Booleans, name) >= 0 ? P.Boolean
            : Array.IndexOf(NamedSecs, name) >= 0 ? P.NamedSec
            : Array.IndexOf(TimerValues, name) >= 0 && section == "Timer" ? P.TimerValue
            : Array.IndexOf(Secs, name) >= 0 ? P.Sec
            : Array.IndexOf(Unsigneds, name) >= 0 ? P.Unsigned
            : Array.IndexOf(SignalKeys, name) >= 0 ? P.Signal
            : P.Any;
    }
}
