using Steward.Bus;

namespace Steward.Cli.Systemctl.Control;

/// <summary>is-active, is-failed, is-system-running, and the verbs that only call one Manager method
/// (daemon-reload, reset-failed, kill, the environment verbs).</summary>
public static class StateVerbs
{
    public static int IsActive(SystemctlInvocation invocation) => IsState(invocation, ["active", "reloading"], 3);

    public static int IsFailed(SystemctlInvocation invocation) => IsState(invocation, ["failed"], 1);

    /// <summary>Prints each unit's ActiveState (unknown units are "inactive"); 0 when any is in one of <paramref name="wanted"/>.</summary>
    private static int IsState(SystemctlInvocation invocation, string[] wanted, int otherwise)
    {
        List<string>? names = UnitOperands.Mangle(invocation.Context, invocation.Operands, "to check", keepPaths: false);
        if (names is null)
        {
            return 1;
        }

        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        bool any = false;
        foreach (string name in names)
        {
            string state = "inactive";
            if (bus.FindUnit(name) is { } path)
            {
                state = bus.GetProperty(path, ManagerConnection.UnitInterface, "ActiveState") as string ?? "unknown";
            }

            any |= wanted.Contains(state);
            if (!invocation.Has("quiet"))
            {
                invocation.Context.Stdout.WriteLine(state);
            }
        }

        return any ? 0 : otherwise;
    }

    public static int IsSystemRunning(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            if (!invocation.Has("quiet"))
            {
                invocation.Context.Stdout.WriteLine("offline");
            }

            return 4;
        }

        string state = bus.GetProperty(ManagerConnection.ManagerPath, ManagerConnection.ManagerInterface, "SystemState") as string ?? "unknown";
        if (invocation.Has("wait"))
        {
            while (state is "initializing" or "starting")
            {
                Thread.Sleep(100);
                state = bus.GetProperty(ManagerConnection.ManagerPath, ManagerConnection.ManagerInterface, "SystemState") as string ?? "unknown";
            }
        }

        if (!invocation.Has("quiet"))
        {
            invocation.Context.Stdout.WriteLine(state);
        }

        return state == "running" ? 0 : 1;
    }

    /// <summary>A verb that is one Manager call; errors print as "Failed to WHAT: message".</summary>
    private static int Call(SystemctlInvocation invocation, string what, Action<ManagerConnection> call)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        try
        {
            call(bus);
            return 0;
        }
        catch (BusErrorException e)
        {
            invocation.Context.Stderr.WriteLine($"Failed to {what}: {e.Message}");
            return e.Name == "org.freedesktop.systemd1.NoSuchUnit" ? 5 : 1;
        }
    }

    public static int DaemonReload(SystemctlInvocation invocation) => Call(invocation, "reload daemon", bus => bus.CallManager("Reload"));

    public static int DaemonReexec(SystemctlInvocation invocation) => Call(invocation, "reexecute daemon", bus => bus.CallManager("Reexecute"));

    public static int ResetFailed(SystemctlInvocation invocation)
    {
        if (invocation.Operands.Count == 0)
        {
            return Call(invocation, "reset failed state", bus => bus.CallManager("ResetFailed"));
        }

        List<string>? names = UnitOperands.Mangle(invocation.Context, invocation.Operands, "to reset", keepPaths: false);
        if (names is null)
        {
            return 1;
        }

        int code = 0;
        foreach (string name in names)
        {
            int r = Call(invocation, $"reset failed state of unit {name}", bus => bus.CallManager("ResetFailedUnit", "s", name));
            code = code == 0 ? r : code;
        }

        return code;
    }

    public static int Kill(SystemctlInvocation invocation)
    {
        List<string>? names = UnitOperands.Mangle(invocation.Context, invocation.Operands, "to kill", keepPaths: false);
        if (names is null)
        {
            return 1;
        }

        string signalText = invocation.Last("signal") ?? "SIGTERM";
        int? signal = Steward.Exec.Signals.Parse(signalText);
        if (signal is null)
        {
            invocation.Context.Stderr.WriteLine($"Failed to parse signal string {signalText}.");
            return 1;
        }

        string whom = invocation.Last("kill-whom") ?? "all";
        int code = 0;
        foreach (string name in names)
        {
            int r = Call(invocation, $"kill unit {name}", bus => bus.CallManager("KillUnit", "ssi", name, whom, signal.Value));
            code = code == 0 ? r : code;
        }

        return code;
    }

    public static int ShowEnvironment(SystemctlInvocation invocation)
    {
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        if (bus.GetProperty(ManagerConnection.ManagerPath, ManagerConnection.ManagerInterface, "Environment") is DBusArray environment)
        {
            foreach (string assignment in environment.Items.Cast<string>())
            {
                invocation.Context.Stdout.WriteLine(assignment);
            }
        }

        return 0;
    }

    public static int SetEnvironment(SystemctlInvocation invocation)
    {
        foreach (string assignment in invocation.Operands)
        {
            if (assignment.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                invocation.Context.Stderr.WriteLine($"Failed to set environment: Invalid argument");
                return 1;
            }
        }

        return Call(invocation, "set environment", bus => bus.CallManager("SetEnvironment", "as", new DBusArray("s", [.. invocation.Operands])));
    }

    public static int UnsetEnvironment(SystemctlInvocation invocation) =>
        Call(invocation, "unset environment", bus => bus.CallManager("UnsetEnvironment", "as", new DBusArray("s", [.. invocation.Operands])));
}
