using Steward.Bus;
using Steward.Cli.Hosting;

namespace Steward.Cli.Systemctl.Control;

/// <summary>
/// start, stop, restart, reload and their try-/or- variants, isolate: one job per unit through the
/// Manager's methods, then (unless --no-block) waiting for each job's JobRemoved signal and saying why
/// a job failed, in systemctl 252's words and exit codes.
/// </summary>
public static class JobVerbs
{
    private static readonly Dictionary<string, (string Method, string Word)> Verbs = new(StringComparer.Ordinal)
    {
        ["start"] = ("StartUnit", "start"),
        ["stop"] = ("StopUnit", "stop"),
        ["condstop"] = ("StopUnit", "stop"),
        ["reload"] = ("ReloadUnit", "reload"),
        ["restart"] = ("RestartUnit", "restart"),
        ["try-restart"] = ("TryRestartUnit", "try-restart"),
        ["condrestart"] = ("TryRestartUnit", "try-restart"),
        ["reload-or-restart"] = ("ReloadOrRestartUnit", "reload-or-restart"),
        ["try-reload-or-restart"] = ("ReloadOrTryRestartUnit", "try-reload-or-restart"),
        ["reload-or-try-restart"] = ("ReloadOrTryRestartUnit", "try-reload-or-restart"),
        ["force-reload"] = ("ReloadOrTryRestartUnit", "try-reload-or-restart"),
        ["condreload"] = ("ReloadOrTryRestartUnit", "try-reload-or-restart"),
        ["isolate"] = ("StartUnit", "isolate"),
    };

    public static IEnumerable<string> Names => Verbs.Keys;

    public static int Run(SystemctlInvocation invocation)
    {
        (string method, string word) = Verbs[invocation.Verb];
        string suffix = invocation.Verb == "isolate" ? ".target" : ".service";
        List<string>? names = UnitOperands.Mangle(invocation.Context, invocation.Operands, "to " + word, suffix, keepPaths: false);
        if (names is null)
        {
            return 1;
        }

        string mode = invocation.Verb == "isolate" ? "isolate" : invocation.Last("job-mode") ?? "replace";
        using ManagerConnection? bus = ManagerConnection.Open(invocation);
        if (bus is null)
        {
            return 1;
        }

        return Enqueue(invocation, bus, method, word, mode, names, wait: !invocation.Has("no-block"));
    }

    /// <summary>Queues one job per unit and waits for them; also used by enable --now and default.</summary>
    public static int Enqueue(SystemctlInvocation invocation, ManagerConnection bus, string method, string word, string mode, IEnumerable<string> names, bool wait)
    {
        var stderr = invocation.Context.Stderr;
        using SignalSubscription jobs = bus.Client.Subscribe(s => s.Member == "JobRemoved" && s.Interface == ManagerConnection.ManagerInterface);
        try
        {
            bus.CallManager("Subscribe");
        }
        catch (BusErrorException)
        {
            // Older managers need no subscription for signals on the private socket.
        }

        int code = 0;
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            try
            {
                var job = (ObjectPath)bus.CallManager(method, "ss", name, mode)[0];
                pending[job.Value] = name;
            }
            catch (BusErrorException e)
            {
                stderr.WriteLine($"Failed to {word} {name}: {e.Message}");
                if (e.Name is not ("org.freedesktop.systemd1.NoSuchUnit" or "org.freedesktop.systemd1.UnitMasked"
                    or "org.freedesktop.systemd1.JobTypeNotApplicable" or "org.freedesktop.DBus.Error.AccessDenied"
                    or "org.freedesktop.systemd1.OnlyByDependency"))
                {
                    stderr.WriteLine($"See system logs and 'systemctl status {name}' for details.");
                }

                code = ExitCodeOf(e.Name, code);
            }
        }

        if (!wait)
        {
            return code;
        }

        while (pending.Count > 0)
        {
            BusSignal signal;
            try
            {
                signal = jobs.NextAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (BusErrorException e)
            {
                stderr.WriteLine($"Failed to wait for response: {e.Message}");
                return 1;
            }

            string path = ((ObjectPath)signal.Args[1]).Value;
            if (!pending.Remove(path, out string? unit))
            {
                continue;
            }

            string result = (string)signal.Args[3];
            if (result is "done" or "skipped")
            {
                continue;
            }

            code = 1;
            stderr.WriteLine(Explain(bus, unit, result, word));
        }

        return code;
    }

    private static int ExitCodeOf(string errorName, int previous) => errorName switch
    {
        "org.freedesktop.systemd1.NoSuchUnit" => 5,
        "org.freedesktop.systemd1.JobTypeNotApplicable" => previous == 0 ? 3 : previous,
        "org.freedesktop.DBus.Error.AccessDenied" => 4,
        _ => previous == 0 ? 1 : previous,
    };

    private static string Explain(ManagerConnection bus, string unit, string result, string word)
    {
        switch (result)
        {
            case "canceled":
                return $"Job for {unit} canceled.";
            case "timeout":
                return $"Job for {unit} timed out.";
            case "dependency":
                return $"A dependency job for {unit} failed. See 'journalctl -xe' for details.";
            case "invalid":
                return $"Job for {unit} invalid.";
            case "assert":
                return $"Assertion failed on job for {unit}.";
            case "unsupported":
                return $"Operation on or unit type of {unit} not supported on this system.";
            case "collected":
                return $"Queued job for {unit} was garbage collected.";
            case "once":
                return $"Unit {unit} was started already once and can't be queued again.";
        }

        string? serviceResult = null;
        if (unit.EndsWith(".service", StringComparison.Ordinal))
        {
            try
            {
                string path = bus.LoadUnit(unit);
                serviceResult = bus.GetProperty(path, "org.freedesktop.systemd1.Service", "Result") as string;
            }
            catch (BusErrorException)
            {
                // No explanation then.
            }
        }

        string? why = serviceResult switch
        {
            "resources" => "of unavailable resources or another system error",
            "protocol" => "the service did not take the steps required by its unit configuration",
            "timeout" => "a timeout was exceeded",
            "exit-code" => "the control process exited with error code",
            "signal" => "a fatal signal was delivered to the control process",
            "core-dump" => "a fatal signal was delivered causing the control process to dump core",
            "watchdog" => "the service failed to send watchdog ping",
            "start-limit-hit" => "start of the service was attempted too often",
            _ => null,
        };
        string first = why is null ? $"Job for {unit} failed." : $"Job for {unit} failed because {why}.";
        return first + $"\nSee \"systemctl status {unit}\" and \"journalctl -xeu {unit}\" for details.";
    }
}
