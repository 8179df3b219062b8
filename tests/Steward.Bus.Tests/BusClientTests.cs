namespace Steward.Bus.Tests;

/// <summary>Steward's own client against the server: calls, errors, properties, signals, the
/// threading contract and the peer credentials.</summary>
public sealed class BusClientTests : IAsyncLifetime
{
    private readonly TestServer _bus = new();
    private BusClient _client = null!;

    public async Task InitializeAsync() => _client = await BusClient.ConnectAsync(_bus.Address);

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task A_call_returns_the_reply_body_in_the_value_model()
    {
        var reply = await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Add", "ii", [40, 2]);
        Assert.Equal([42], reply);
    }

    [Fact]
    public async Task The_handler_sees_the_callers_pid_uid_and_gid_and_the_target_object()
    {
        var reply = await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "WhoAmI");
        var peer = (DBusStruct)reply[0];
        Assert.Equal(Environment.ProcessId, peer.Fields[0]);
        Assert.Equal(Sasl.EffectiveUid, peer.Fields[1]);
        Assert.Equal(Sasl.EffectiveGid, peer.Fields[2]);
        Assert.Equal("the thing", reply[1]);
    }

    [Fact]
    public async Task Nested_values_survive_a_round_trip_through_a_variant()
    {
        var value = new Variant("a{s(uav)}", new DBusArray("{s(uav)}",
        [
            new DBusDictEntry("one", new DBusStruct(1u, new DBusArray("v", [new Variant("x", -5L), new Variant("ay", new DBusArray("y", [(byte)1, (byte)2]))]))),
            new DBusDictEntry("empty", new DBusStruct(0u, new DBusArray("v", []))),
        ]));
        var reply = await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Mirror", "v", [value]);
        var back = (Variant)reply[0];
        Assert.Equal("a{s(uav)}", back.Signature);
        var entries = ((DBusArray)back.Value).Items.Cast<DBusDictEntry>().ToList();
        Assert.Equal(["one", "empty"], entries.Select(e => e.Key));
        var first = (DBusStruct)entries[0].Value;
        Assert.Equal(1u, first.Fields[0]);
        var variants = ((DBusArray)first.Fields[1]).Items.Cast<Variant>().ToList();
        Assert.Equal(-5L, variants[0].Value);
        Assert.Equal([(byte)1, (byte)2], ((DBusArray)variants[1].Value).Items);
        Assert.Empty(((DBusArray)((DBusStruct)entries[1].Value).Fields[1]).Items);
    }

    [Fact]
    public async Task GetAll_returns_a_dictionary_of_variants_in_declaration_order()
    {
        var reply = await _client.CallAsync(null, TestServer.ThingPath, BusServer.PropertiesInterface, "GetAll", "s", [TestServer.Interface]);
        var all = (DBusArray)reply[0];
        Assert.Equal("{sv}", all.ElementSignature);
        var entries = all.Items.Cast<DBusDictEntry>().ToList();
        Assert.Equal(["Name", "Counter", "Tags"], entries.Select(e => e.Key));
        Assert.Equal(new Variant("u", 7u), entries[1].Value);
    }

    [Fact]
    public async Task A_property_is_read_through_the_helper()
    {
        Assert.Equal("thing", await _client.GetPropertyAsync(null, TestServer.ThingPath, TestServer.Interface, "Name"));
    }

    [Fact]
    public async Task A_handler_error_reaches_the_caller_with_its_name_and_message()
    {
        var error = await Assert.ThrowsAsync<BusErrorException>(() => _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Refuse"));
        Assert.Equal("org.example.Error.Refused", error.Name);
        Assert.Equal("Not today.", error.Message);
    }

    [Fact]
    public async Task A_crashing_handler_becomes_a_Failed_error_and_is_logged_and_the_server_keeps_serving()
    {
        var error = await Assert.ThrowsAsync<BusErrorException>(() => _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Crash"));
        Assert.Equal(BusErrors.Failed, error.Name);
        Assert.Equal("the handler broke", error.Message);
        Assert.Contains(_bus.Logs, l => l.Contains("the handler broke", StringComparison.Ordinal));
        Assert.Equal(["echo: still here"], await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["still here"]));
    }

    [Fact]
    public async Task A_reply_that_does_not_match_the_declared_signature_becomes_a_Failed_error()
    {
        var error = await Assert.ThrowsAsync<BusErrorException>(() => _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "BadReply"));
        Assert.Equal(BusErrors.Failed, error.Name);
        Assert.Contains(_bus.Logs, l => l.Contains("BadReply", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/org/example/Nowhere", TestServer.Interface, "Echo", "s", BusErrors.UnknownObject, "Unknown object '/org/example/Nowhere'.")]
    [InlineData("/org/example/Thing", "org.example.Other", "Echo", "s", BusErrors.UnknownMethod, "Unknown method 'Echo' or interface 'org.example.Other'.")]
    [InlineData("/org/example/Thing", TestServer.Interface, "Echo", "u", BusErrors.InvalidArgs, "Invalid arguments 'u' to call org.example.Thing.Echo(), expecting 's'.")]
    public async Task Calls_that_match_nothing_get_the_standard_error(string path, string iface, string member, string signature, string name, string message)
    {
        object arg = signature == "s" ? "x" : 1u;
        var error = await Assert.ThrowsAsync<BusErrorException>(() => _client.CallAsync(null, new ObjectPath(path), iface, member, signature, [arg]));
        Assert.Equal((name, message), (error.Name, error.Message));
    }

    [Theory]
    [InlineData("Get", "org.example.Other", "Name", BusErrors.UnknownInterface, "Unknown interface 'org.example.Other'.")]
    [InlineData("Get", TestServer.Interface, "Missing", BusErrors.UnknownProperty, "Unknown property 'Missing' on interface 'org.example.Thing'.")]
    [InlineData("Set", TestServer.Interface, "Name", BusErrors.PropertyReadOnly, "Property 'Name' is not writable.")]
    public async Task Property_access_that_cannot_be_served_gets_the_standard_error(string member, string iface, string property, string name, string message)
    {
        var error = await Assert.ThrowsAsync<BusErrorException>(() => member == "Get"
            ? _client.CallAsync(null, TestServer.ThingPath, BusServer.PropertiesInterface, "Get", "ss", [iface, property])
            : _client.CallAsync(null, TestServer.ThingPath, BusServer.PropertiesInterface, "Set", "ssv", [iface, property, new Variant("s", "x")]));
        Assert.Equal((name, message), (error.Name, error.Message));
    }

    [Fact]
    public async Task Setting_a_property_with_the_wrong_type_is_refused_and_changes_nothing()
    {
        var error = await Assert.ThrowsAsync<BusErrorException>(() =>
            _client.CallAsync(null, TestServer.ThingPath, BusServer.PropertiesInterface, "Set", "ssv", [TestServer.Interface, "Counter", new Variant("s", "9")]));
        Assert.Equal(BusErrors.InvalidArgs, error.Name);
        Assert.Equal(7u, _bus.Counter);
    }

    [Fact]
    public async Task A_handler_can_reply_later_while_other_calls_are_answered()
    {
        var later = _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Later");
        Assert.Equal(["echo: meanwhile"], await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["meanwhile"]));
        Assert.False(later.IsCompleted);
        Assert.True(_bus.LaterCalls.TryDequeue(out var pending));
        pending.SetResult(MethodReply.Return("finally"));
        Assert.Equal(["finally"], await later);
    }

    [Fact]
    public async Task Signals_emitted_after_subscribing_are_received_in_order()
    {
        using var signals = _client.Subscribe(s => s.Interface == TestServer.Interface);
        await _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Announce", "s", ["one"]);
        _bus.Server.EmitSignal(TestServer.ThingPath, TestServer.Interface, "Announced", "s", ["two"]);
        var first = await signals.NextAsync();
        var second = await signals.NextAsync();
        Assert.Equal((TestServer.ThingPath, "Announced", "one"), (first.Path, first.Member, (string)first.Args[0]));
        Assert.Equal("two", second.Args[0]);
    }

    [Fact]
    public async Task A_signal_can_be_sent_to_chosen_connections_only()
    {
        await using var other = await BusClient.ConnectAsync(_bus.Address);
        using var mine = _client.Subscribe();
        using var theirs = other.Subscribe();
        var me = _bus.Server.Connections.Single(c => c.Id == _bus.Server.Connections.Min(x => x.Id));
        _bus.Server.EmitSignal(TestServer.ThingPath, TestServer.Interface, "Announced", "s", ["only you"], [me]);
        _bus.Server.EmitSignal(TestServer.ThingPath, TestServer.Interface, "Announced", "s", ["everyone"]);
        Assert.Equal("only you", (await mine.NextAsync()).Args[0]);
        Assert.Equal("everyone", (await mine.NextAsync()).Args[0]);
        Assert.Equal("everyone", (await theirs.NextAsync()).Args[0]);
    }

    [Fact]
    public async Task PropertiesChanged_carries_new_values_and_invalidated_names()
    {
        using var signals = _client.Subscribe(s => s.Member == "PropertiesChanged");
        _bus.Counter = 8;
        _bus.Server.EmitPropertiesChanged(TestServer.ThingPath, TestServer.Interface, ["Counter", "Tags", "Name"]);
        var signal = await signals.NextAsync();
        Assert.Equal(BusServer.PropertiesInterface, signal.Interface);
        Assert.Equal(TestServer.Interface, signal.Args[0]);
        Assert.Equal([new DBusDictEntry("Counter", new Variant("u", 8u))], ((DBusArray)signal.Args[1]).Items);
        Assert.Equal(["Tags"], ((DBusArray)signal.Args[2]).Items);
    }

    [Fact]
    public async Task The_server_reports_connections_opening_and_closing()
    {
        var opened = new TaskCompletionSource<BusConnection>();
        var closed = new TaskCompletionSource<BusConnection>();
        _bus.Server.ConnectionOpened += c => opened.TrySetResult(c);
        _bus.Server.ConnectionClosed += c => closed.TrySetResult(c);
        var other = await BusClient.ConnectAsync(_bus.Address);
        var connection = await opened.Task;
        Assert.Equal(Environment.ProcessId, connection.Credentials.Pid);
        await other.DisposeAsync();
        Assert.Same(connection, await closed.Task);
        Assert.DoesNotContain(connection, _bus.Server.Connections);
    }

    [Fact]
    public async Task Peer_and_bus_driver_calls_are_answered_on_a_direct_connection()
    {
        await _client.CallAsync(null, new ObjectPath("/anything"), BusServer.PeerInterface, "Ping");
        Assert.Equal(["0123456789abcdef0123456789abcdef"], await _client.CallAsync(null, new ObjectPath("/"), BusServer.PeerInterface, "GetMachineId"));
        var driver = new ObjectPath("/org/freedesktop/DBus");
        var hello = await _client.CallAsync(BusServer.DBusInterface, driver, BusServer.DBusInterface, "Hello");
        Assert.StartsWith(":1.", (string)hello[0], StringComparison.Ordinal);
        await _client.CallAsync(BusServer.DBusInterface, driver, BusServer.DBusInterface, "AddMatch", "s", ["type='signal'"]);
        Assert.Equal([":1.0"], await _client.CallAsync(BusServer.DBusInterface, driver, BusServer.DBusInterface, "GetNameOwner", "s", ["org.freedesktop.systemd1"]));
        var missing = await Assert.ThrowsAsync<BusErrorException>(() =>
            _client.CallAsync(BusServer.DBusInterface, driver, BusServer.DBusInterface, "GetNameOwner", "s", ["org.example.Nobody"]));
        Assert.Equal(BusErrors.NameHasNoOwner, missing.Name);
    }

    [Fact]
    public async Task Introspection_lists_the_interfaces_members_and_child_nodes()
    {
        _bus.Items["a"] = new TestServer.Item("a", 1);
        var thing = (string)(await _client.CallAsync(null, TestServer.ThingPath, BusServer.IntrospectableInterface, "Introspect"))[0];
        Assert.Contains("<property name=\"Name\" type=\"s\" access=\"read\">\n   <annotation name=\"org.freedesktop.DBus.Property.EmitsChangedSignal\" value=\"const\"/>\n  </property>", thing, StringComparison.Ordinal);
        Assert.Contains("<method name=\"Echo\">\n   <arg type=\"s\" name=\"text\" direction=\"in\"/>\n   <arg type=\"s\" name=\"reply\" direction=\"out\"/>\n  </method>", thing, StringComparison.Ordinal);
        var example = (string)(await _client.CallAsync(null, new ObjectPath("/org/example"), BusServer.IntrospectableInterface, "Introspect"))[0];
        Assert.EndsWith(" <node name=\"Thing\"/>\n <node name=\"items\"/>\n</node>\n", example, StringComparison.Ordinal);
        var items = (string)(await _client.CallAsync(null, TestServer.ItemsPath, BusServer.IntrospectableInterface, "Introspect"))[0];
        Assert.EndsWith(" <node name=\"a\"/>\n</node>\n", items, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synchronous_call_works_for_the_CLI()
    {
        using var client = BusClient.Connect(_bus.Address);
        Assert.Equal(["echo: sync"], client.Call(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["sync"]));
    }

    [Fact]
    public async Task Calls_fail_with_Disconnected_once_the_server_is_gone()
    {
        var later = _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Later");
        while (_bus.LaterCalls.IsEmpty)
            await Task.Delay(10);
        await _bus.Server.DisposeAsync();
        var error = await Assert.ThrowsAsync<BusErrorException>(() => later);
        Assert.Equal(BusErrors.Disconnected, error.Name);
        await Assert.ThrowsAsync<BusErrorException>(() => _client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["x"]));
    }
}
