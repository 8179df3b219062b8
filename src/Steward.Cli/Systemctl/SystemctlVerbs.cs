namespace Steward.Cli.Systemctl;

/// <summary>One systemctl verb: how many operands it takes and whether it works without a manager
/// (with <c>--root</c>). <see cref="Handler"/> is null for verbs Steward does not implement yet.</summary>
public sealed record SystemctlVerb(string Name, int MinOperands, int MaxOperands, bool Offline, Func<SystemctlInvocation, int>? Handler = null);

/// <summary>systemctl 252's verb table (names, operand counts, offline capability).</summary>
public static class SystemctlVerbs
{
    private const int Many = int.MaxValue;

    public static IReadOnlyList<SystemctlVerb> All { get; } = Build();

    public static SystemctlVerb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    private static List<SystemctlVerb> Build()
    {
        var verbs = new List<SystemctlVerb>();
        void Runtime(int min, int max, params string[] names) => verbs.AddRange(names.Select(n => new SystemctlVerb(n, min, max, false)));
        void Offline(int min, int max, params string[] names) => verbs.AddRange(names.Select(n => new SystemctlVerb(n, min, max, true)));

        Runtime(0, Many, "list-units", "list-automounts", "list-sockets", "list-timers", "status", "show", "help", "list-dependencies", "reset-failed", "list-machines", "list-jobs", "cancel", "import-environment");
        Runtime(1, Many, "is-active", "is-failed", "start", "stop", "reload", "restart", "try-restart", "reload-or-restart",
            "try-reload-or-restart", "reload-or-try-restart", "force-reload", "condreload", "condrestart", "condstop", "kill", "clean",
            "freeze", "thaw", "edit", "set-environment", "unset-environment");
        Runtime(1, 1, "isolate");
        Runtime(2, Many, "set-property");
        Runtime(2, 3, "bind");
        Runtime(2, 3, "mount-image");
        Runtime(1, 2, "service-log-level", "service-log-target", "switch-root");
        Runtime(0, 0, "show-environment", "daemon-reload", "daemon-reexec", "is-system-running", "default", "rescue", "emergency",
            "halt", "poweroff", "kexec", "suspend", "hibernate", "hybrid-sleep", "suspend-then-hibernate");
        Runtime(0, 1, "log-level", "log-target", "service-watchdogs", "reboot", "exit");
        Offline(0, Many, "list-unit-files");
        Offline(1, Many, "enable", "disable", "reenable", "preset", "is-enabled", "mask", "unmask", "link", "revert");
        // Steward reads unit files for cat itself, so it needs no manager and works under --root too.
        Offline(1, Many, "cat");
        Offline(0, 0, "preset-all", "get-default");
        Offline(2, Many, "add-wants", "add-requires");
        Offline(1, 1, "set-default");
        return [.. verbs.Select(v => Install.InstallVerbs.Handlers.TryGetValue(v.Name, out var handler) ? v with { Handler = handler }
            : Control.ControlVerbs.Handlers.TryGetValue(v.Name, out var runtime) ? v with { Handler = runtime }
            : v)];
    }
}
