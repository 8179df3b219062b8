namespace Steward.Cli.Systemctl.Control;

/// <summary>The runtime verbs Steward implements, by name: all of them talk to the manager over D-Bus.</summary>
public static class ControlVerbs
{
    public static IReadOnlyDictionary<string, Func<SystemctlInvocation, int>> Handlers { get; } = Build();

    private static Dictionary<string, Func<SystemctlInvocation, int>> Build()
    {
        var handlers = new Dictionary<string, Func<SystemctlInvocation, int>>(StringComparer.Ordinal);
        foreach (string verb in JobVerbs.Names)
        {
            handlers[verb] = JobVerbs.Run;
        }

        handlers["is-active"] = StateVerbs.IsActive;
        handlers["is-failed"] = StateVerbs.IsFailed;
        handlers["is-system-running"] = StateVerbs.IsSystemRunning;
        handlers["daemon-reload"] = StateVerbs.DaemonReload;
        handlers["daemon-reexec"] = StateVerbs.DaemonReexec;
        handlers["reset-failed"] = StateVerbs.ResetFailed;
        handlers["kill"] = StateVerbs.Kill;
        handlers["show-environment"] = StateVerbs.ShowEnvironment;
        handlers["set-environment"] = StateVerbs.SetEnvironment;
        handlers["unset-environment"] = StateVerbs.UnsetEnvironment;
        handlers["show"] = InspectVerbs.Show;
        handlers["status"] = InspectVerbs.Status;
        handlers["list-units"] = InspectVerbs.ListUnits;
        handlers["list-jobs"] = InspectVerbs.ListJobs;
        handlers["default"] = DefaultTarget;
        return handlers;
    }

    private static int DefaultTarget(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        return bus is null ? 1 : JobVerbs.Enqueue(invocation, bus, "StartUnit", "isolate", "isolate", ["default.target"], !invocation.Has("no-block"));
    }
}
