using Steward.Manager.Engine;
using Steward.Manager.Jobs;
using Steward.Manager.Units;

namespace Steward.Manager.Tests;

public sealed class ServiceLifecycleTests : IDisposable
{
    private readonly ManagerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private ServiceUnit Start(string name, JobMode mode = JobMode.Replace)
    {
        var unit = (ServiceUnit)_f.Manager.Load(name);
        _f.Manager.Jobs.Enqueue(unit, JobType.Start, mode);
        _f.Settle();
        return unit;
    }

    [Fact]
    public void A_simple_service_is_running_once_its_process_is_spawned()
    {
        _f.Write("a.service", "[Unit]\nDescription=My test service\n[Service]\nExecStart=/bin/sleep infinity\n");
        ServiceUnit unit = Start("a.service");
        Assert.Equal(UnitActiveState.Active, unit.ActiveState);
        Assert.Equal("running", unit.SubState);
        Assert.Contains("Started a.service - My test service.", _f.Log.Messages);
        Assert.DoesNotContain(_f.Log.Messages, m => m.StartsWith("Starting", StringComparison.Ordinal));
        Assert.Equal(["/bin/sleep", "infinity"], _f.Processes.Spawned[^1].Request.Arguments);
    }

    [Fact]
    public void The_default_dependencies_start_the_builtin_system_targets_first()
    {
        _f.Write("a.service", "[Service]\nExecStart=/bin/true\n");
        Start("a.service");
        Assert.Equal(UnitActiveState.Active, _f.Manager.Find("sysinit.target")!.ActiveState);
        Assert.Equal(UnitActiveState.Active, _f.Manager.Find("system.slice")!.ActiveState);
        Assert.Contains("Reached target sysinit.target - System Initialization.", _f.Log.Messages);
    }

    [Fact]
    public void Stopping_sends_sigterm_and_logs_as_systemd_does()
    {
        _f.Write("a.service", "[Unit]\nDescription=Desc\n[Service]\nExecStart=/bin/sleep infinity\n");
        ServiceUnit unit = Start("a.service");
        int pid = unit.MainPid;
        _f.Manager.Jobs.Enqueue(unit, JobType.Stop, JobMode.Replace);
        _f.Settle();
        Assert.Contains((pid, 15), _f.Processes.Signals);
        Assert.Equal(UnitActiveState.Inactive, unit.ActiveState);
        Assert.Equal(
            ["Stopping a.service - Desc...", "a.service: Deactivated successfully.", "Stopped a.service - Desc."],
            _f.Log.Messages.SkipWhile(m => !m.StartsWith("Stopping", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void A_main_process_that_fails_leaves_the_unit_failed_with_exit_code()
    {
        _f.Write("b.service", "[Unit]\nDescription=Failing one\n[Service]\nExecStart=/bin/false\n");
        ServiceUnit unit = Start("b.service");
        _f.Processes.Exit(unit.MainPid, ExitCode.Exited, 1);
        _f.Settle();
        Assert.Equal(UnitActiveState.Failed, unit.ActiveState);
        Assert.Equal(ServiceResult.ExitCode, unit.Result);
        Assert.Contains("b.service: Main process exited, code=exited, status=1/FAILURE", _f.Log.Messages);
        Assert.Contains("b.service: Failed with result 'exit-code'.", _f.Log.Messages);
    }

    [Fact]
    public void A_oneshot_start_job_ends_when_its_commands_have_run()
    {
        _f.Write("c.service", "[Service]\nType=oneshot\nExecStart=/bin/echo one\nExecStart=/bin/echo two\n");
        var unit = (ServiceUnit)_f.Manager.Load("c.service");
        Job job = _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace);
        _f.Settle();
        Assert.Equal("start", unit.SubState);
        Assert.Contains("Starting c.service...", _f.Log.Messages);
        _f.Processes.Exit(_f.Processes.Spawned[^1].Pid, ExitCode.Exited, 0);
        _f.Settle();
        Assert.Equal("two", _f.Processes.Spawned[^1].Request.Arguments[1]);
        _f.Processes.Exit(_f.Processes.Spawned[^1].Pid, ExitCode.Exited, 0);
        _f.Settle();
        Assert.Equal(UnitActiveState.Inactive, unit.ActiveState);
        Assert.Null(_f.Manager.Jobs.Find(job.Id));
        Assert.Equal(["c.service: Deactivated successfully.", "Finished c.service."], _f.Log.Messages.TakeLast(2).ToArray());
    }

    [Fact]
    public void A_oneshot_with_remain_after_exit_stays_active_as_exited()
    {
        _f.Write("c.service", "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n");
        ServiceUnit unit = Start("c.service");
        _f.Processes.Exit(unit.MainPid, ExitCode.Exited, 0);
        _f.Settle();
        Assert.Equal(UnitActiveState.Active, unit.ActiveState);
        Assert.Equal("exited", unit.SubState);
    }

    [Fact]
    public void Restart_on_failure_schedules_a_restart_and_counts_it()
    {
        _f.Write("r.service", "[Service]\nExecStart=/bin/false\nRestart=on-failure\nRestartSec=0\n");
        ServiceUnit unit = Start("r.service");
        int first = unit.MainPid;
        _f.Processes.Exit(first, ExitCode.Exited, 3);
        _f.Settle();
        Assert.Equal(1u, unit.RestartCount);
        Assert.Equal("running", unit.SubState);
        Assert.NotEqual(first, unit.MainPid);
        Assert.Contains("r.service: Scheduled restart job, restart counter is at 1.", _f.Log.Messages);
    }

    [Fact]
    public void Too_many_restarts_hit_the_start_limit()
    {
        _f.Write("r.service", "[Unit]\nStartLimitBurst=3\n[Service]\nExecStart=/bin/false\nRestart=always\nRestartSec=0\n");
        ServiceUnit unit = Start("r.service");
        for (int i = 0; i < 5 && unit.MainPid != 0; i++)
        {
            _f.Processes.Exit(unit.MainPid, ExitCode.Exited, 1);
            _f.Settle();
        }

        Assert.Equal(UnitActiveState.Failed, unit.ActiveState);
        Assert.Equal(ServiceResult.StartLimitHit, unit.Result);
        Assert.Contains("r.service: Start request repeated too quickly.", _f.Log.Messages);
    }

    [Fact]
    public void A_failing_start_pre_command_fails_the_start_job_and_skips_exec_start()
    {
        _f.Write("p.service", "[Service]\nExecStartPre=/bin/false\nExecStart=/bin/sleep 1\n");
        var unit = (ServiceUnit)_f.Manager.Load("p.service");
        JobResult? result = null;
        _f.Manager.Jobs.JobRemoved += (j, r) => result = j.Unit == unit ? r : result;
        _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace);
        _f.Settle();
        _f.Processes.Exit(_f.Processes.PidOf("/bin/false"), ExitCode.Exited, 1);
        _f.Settle();
        Assert.Equal(JobResult.Failed, result);
        Assert.DoesNotContain(_f.Processes.Spawned, s => s.Request.Path == "/bin/sleep");
        Assert.Contains("Failed to start p.service.", _f.Log.Messages);
    }

    [Fact]
    public void A_notify_service_is_started_only_when_it_says_ready()
    {
        _f.Write("n.service", "[Service]\nType=notify\nExecStart=/usr/bin/daemon\n");
        ServiceUnit unit = Start("n.service");
        Assert.Equal("start", unit.SubState);
        _f.Processes.Notify(unit.MainPid, ("READY", "1"), ("STATUS", "Serving"));
        _f.Settle();
        Assert.Equal("running", unit.SubState);
        Assert.Equal("Serving", unit.StatusText);
        Assert.Contains(_f.Processes.Spawned[^1].Request.Environment, e => e.StartsWith("NOTIFY_SOCKET=", StringComparison.Ordinal));
    }

    [Fact]
    public void A_unit_that_requires_a_failing_unit_fails_with_a_dependency_result()
    {
        _f.Write("dep.service", "[Service]\nType=oneshot\nExecStart=/bin/false\n");
        _f.Write("top.service", "[Unit]\nRequires=dep.service\nAfter=dep.service\n[Service]\nExecStart=/bin/sleep infinity\n");
        ServiceUnit top = Start("top.service");
        Assert.Equal(UnitActiveState.Inactive, top.ActiveState);
        _f.Processes.Exit(_f.Processes.PidOf("/bin/false"), ExitCode.Exited, 1);
        _f.Settle();
        Assert.Contains("Dependency failed for top.service.", _f.Log.Messages);
        Assert.DoesNotContain(_f.Processes.Spawned, s => s.Request.Path == "/bin/sleep");
    }

    [Fact]
    public void Starting_a_missing_unit_is_refused_with_no_such_unit()
    {
        Unit unit = _f.Manager.Load("nope.service");
        var e = Assert.Throws<ManagerException>(() => _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace));
        Assert.Equal("org.freedesktop.systemd1.NoSuchUnit", e.ErrorName);
        Assert.Equal("Unit nope.service not found.", e.Message);
    }

    [Fact]
    public void A_masked_unit_refuses_to_start()
    {
        Directory.CreateSymbolicLink(Path.Combine(_f.Root, "etc/systemd/system/m.service"), "/dev/null");
        Unit unit = _f.Manager.Load("m.service");
        var e = Assert.Throws<ManagerException>(() => _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace));
        Assert.Equal("Unit m.service is masked.", e.Message);
    }

    [Fact]
    public void Binds_to_stops_the_bound_unit_when_the_other_goes_away()
    {
        _f.Write("base.service", "[Service]\nExecStart=/bin/sleep infinity\n");
        _f.Write("bound.service", "[Unit]\nBindsTo=base.service\nAfter=base.service\n[Service]\nExecStart=/bin/sleep 100\n");
        ServiceUnit bound = Start("bound.service");
        var baseUnit = (ServiceUnit)_f.Manager.Find("base.service")!;
        Assert.Equal(UnitActiveState.Active, bound.ActiveState);
        _f.Processes.Exit(baseUnit.MainPid, ExitCode.Killed, 9);
        _f.Settle();
        Assert.Equal(UnitActiveState.Inactive, bound.ActiveState);
    }

    [Fact]
    public void On_failure_units_start_when_a_unit_fails()
    {
        _f.Write("x.service", "[Unit]\nOnFailure=alert.service\n[Service]\nExecStart=/bin/false\n");
        _f.Write("alert.service", "[Service]\nExecStart=/bin/sleep infinity\n");
        ServiceUnit x = Start("x.service");
        _f.Processes.Exit(x.MainPid, ExitCode.Exited, 1);
        _f.Settle();
        Assert.Equal(UnitActiveState.Active, _f.Manager.Find("alert.service")!.ActiveState);
    }

    [Fact]
    public void A_start_in_fail_mode_is_refused_while_a_stop_job_is_queued()
    {
        _f.Write("a.service", "[Service]\nExecStart=/bin/sleep infinity\nExecStop=/bin/kill $MAINPID\n");
        ServiceUnit unit = Start("a.service");
        _f.Manager.Jobs.Enqueue(unit, JobType.Stop, JobMode.Replace);
        _f.Settle();
        Assert.Equal("stop", unit.SubState);
        var e = Assert.Throws<ManagerException>(() => _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Fail));
        Assert.Equal("org.freedesktop.systemd1.TransactionIsDestructive", e.ErrorName);
        Assert.Contains(_f.Processes.Spawned[^1].Request.Arguments, a => a == unit.MainPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_failed_condition_skips_the_unit_without_failing_the_job()
    {
        _f.Write("c.service", "[Unit]\nConditionPathExists=/nonexistent/steward\n[Service]\nExecStart=/bin/true\n");
        var unit = (ServiceUnit)_f.Manager.Load("c.service");
        JobResult? result = null;
        _f.Manager.Jobs.JobRemoved += (j, r) => result = j.Unit == unit ? r : result;
        _f.Manager.Jobs.Enqueue(unit, JobType.Start, JobMode.Replace);
        _f.Settle();
        Assert.Equal(JobResult.Skipped, result);
        Assert.Empty(_f.Processes.Spawned);
        Assert.Contains("c.service was skipped because of an unmet condition check (ConditionPathExists=/nonexistent/steward).", _f.Log.Messages);
    }

    [Fact]
    public void Environment_variables_expand_in_the_command_line()
    {
        _f.Write("e.service", "[Service]\nEnvironment=\"ARGS=-a -b\" NAME=x\nExecStart=/bin/echo $ARGS ${NAME}y $$\n");
        Start("e.service");
        Assert.Equal(["/bin/echo", "-a", "-b", "xy", "$"], _f.Processes.Spawned[^1].Request.Arguments);
    }

    [Fact]
    public void A_service_with_two_exec_starts_that_is_not_oneshot_has_a_bad_setting()
    {
        _f.Write("two.service", "[Service]\nExecStart=/bin/true\nExecStart=/bin/true\n");
        Unit unit = _f.Manager.Load("two.service");
        Assert.Equal(Definitions.UnitLoadState.BadSetting, unit.Definition.LoadState);
    }
}
