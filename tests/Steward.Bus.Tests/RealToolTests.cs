namespace Steward.Bus.Tests;

/// <summary>The server driven by the real D-Bus tools of the machine (busctl from systemd 252,
/// dbus-send, gdbus), the way systemctl and administrators will reach it.</summary>
public sealed class RealToolTests : IAsyncLifetime
{
    private readonly TestServer _bus = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    private Task<Tool.Result> Busctl(params string[] args) =>
        Tool.RunAsync("busctl", ["--address=" + _bus.Address, .. args]);

    [Fact]
    public async Task Busctl_calls_a_method_and_prints_the_reply()
    {
        var result = await Busctl("call", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Echo", "s", "hello from busctl");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s \"echo: hello from busctl\"\n", result.Stdout);
    }

    [Fact]
    public async Task Busctl_reads_and_writes_properties()
    {
        var name = await Busctl("get-property", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Name");
        Assert.Equal("s \"thing\"\n", name.Stdout);
        var set = await Busctl("set-property", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Counter", "u", "42");
        Assert.Equal(0, set.ExitCode);
        Assert.Equal(42u, _bus.Counter);
        var counter = await Busctl("get-property", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Counter");
        Assert.Equal("u 42\n", counter.Stdout);
    }

    [Fact]
    public async Task Busctl_reports_an_unknown_method_as_systemd_does()
    {
        var result = await Busctl("call", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Nope");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Call failed: Unknown method 'Nope' or interface 'org.example.Thing'.\n", result.Stderr);
    }

    [Fact]
    public async Task Busctl_reports_an_unknown_object()
    {
        var result = await Busctl("call", "org.example.Thing", "/org/example/Nothing", TestServer.Interface, "Echo", "s", "x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Call failed: Unknown object '/org/example/Nothing'.\n", result.Stderr);
    }

    [Fact]
    public async Task Busctl_refuses_arguments_of_the_wrong_type()
    {
        var result = await Busctl("call", "org.example.Thing", "/org/example/Thing", TestServer.Interface, "Echo", "u", "5");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Call failed: Invalid arguments 'u' to call org.example.Thing.Echo(), expecting 's'.\n", result.Stderr);
    }

    [Fact]
    public async Task Busctl_introspects_methods_properties_and_signals()
    {
        var result = await Busctl("introspect", "org.example.Thing", "/org/example/Thing", TestServer.Interface);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains(".Echo method s s -", lines);
        Assert.Contains(".Counter property u 7 emits-change writable", lines);
        Assert.Contains(".Name property s \"thing\" const", lines);
        Assert.Contains(".Tags property as 2 \"a\" \"b\" emits-invalidation", lines);
        Assert.Contains(".Announced signal s - -", lines);
    }

    [Fact]
    public async Task Busctl_walks_the_tree_including_dynamic_objects()
    {
        _bus.Items["first"] = new TestServer.Item("first", 1);
        _bus.Items["second"] = new TestServer.Item("second", 2);
        var result = await Busctl("tree", "--list", "org.example.Thing");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "/\n/org\n/org/example\n/org/example/Thing\n/org/example/items\n/org/example/items/first\n/org/example/items/second\n",
            result.Stdout);
    }

    [Fact]
    public async Task Busctl_calls_an_object_resolved_on_demand()
    {
        _bus.Items["box"] = new TestServer.Item("box", 12);
        var result = await Busctl("call", "org.example.Thing", "/org/example/items/box", TestServer.ItemInterface, "Describe");
        Assert.Equal("s \"box of size 12\"\n", result.Stdout);
        _bus.Items.TryRemove("box", out _);
        var gone = await Busctl("call", "org.example.Thing", "/org/example/items/box", TestServer.ItemInterface, "Describe");
        Assert.Equal("Call failed: Unknown object '/org/example/items/box'.\n", gone.Stderr);
    }

    [Fact]
    public async Task Dbus_send_calls_over_a_peer_connection()
    {
        Assert.True(Tool.Exists("dbus-send"), "dbus-send is installed on this machine");
        var result = await Tool.RunAsync("dbus-send", "--peer=" + _bus.Address, "--print-reply", "/org/example/Thing", "org.example.Thing.Add", "int32:40", "int32:2");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("int32 42", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gdbus_calls_a_method_and_introspects()
    {
        Assert.True(Tool.Exists("gdbus"), "gdbus is installed on this machine");
        var call = await Tool.RunAsync("gdbus", "call", "--address", _bus.Address, "--dest", "org.example.Thing",
            "--object-path", "/org/example/Thing", "--method", "org.example.Thing.Echo", "hi");
        Assert.Equal("('echo: hi',)\n", call.Stdout);
        var introspect = await Tool.RunAsync("gdbus", "introspect", "--address", _bus.Address, "--dest", "org.example.Thing",
            "--object-path", "/org/example/Thing");
        Assert.Equal(0, introspect.ExitCode);
        Assert.Contains("readwrite u Counter = 7;", introspect.Stdout, StringComparison.Ordinal);
    }
}
