using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Steward.Bus;

/// <summary>
/// Serves objects on a Unix stream socket to D-Bus peers connecting directly (no bus daemon), as
/// systemd serves <c>/run/systemd/private</c>: SASL EXTERNAL checked against SO_PEERCRED, the
/// bus-driver calls clients make anyway (Hello, AddMatch, GetNameOwner …), method dispatch with
/// the standard Properties, Introspectable and Peer interfaces, and signals to all or chosen peers.
/// </summary>
/// <remarks>
/// Threading: accepting, authentication and reading run on thread-pool threads, one read loop per
/// connection. Each method call is dispatched after its connection's previous message was read, by
/// <see cref="BusServerOptions.Post"/> when set (so a single-threaded manager can run every handler on
/// its own loop) or else directly on the read loop's thread. A handler's returned task may complete
/// on any thread; the reply is sent when it does. Registration (<see cref="AddObject"/>,
/// <see cref="AddSubtree"/> …), <see cref="EmitSignal"/>, <see cref="EmitPropertiesChanged"/> and
/// <see cref="BusConnection.Send"/> are thread-safe and never block on a slow peer (each connection
/// has a send queue).
/// </remarks>
public sealed class BusServer : IAsyncDisposable
{
    public const string DBusInterface = "org.freedesktop.DBus";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";
    public const string IntrospectableInterface = "org.freedesktop.DBus.Introspectable";
    public const string PeerInterface = "org.freedesktop.DBus.Peer";
    private static readonly ObjectPath DriverPath = new("/org/freedesktop/DBus");

    private readonly BusServerOptions _options;
    private readonly Socket _listener;
    private readonly ObjectTree _tree = new();
    private readonly BusObject _driver;
    private readonly ConcurrentDictionary<long, BusConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<string> _machineId;
    private long _nextId;
    private int _pending;
    private Task? _acceptLoop;

    private BusServer(string socketPath, Socket listener, BusServerOptions options)
    {
        SocketPath = socketPath;
        _listener = listener;
        _options = options;
        Guid = System.Guid.NewGuid().ToString("N");
        _machineId = new Lazy<string>(ReadMachineId);
        _driver = new BusObject([BusDriver.Create(this)]);
    }

    public string SocketPath { get; }

    /// <summary>The server guid sent in the SASL <c>OK</c> line and returned by GetId.</summary>
    public string Guid { get; }

    /// <summary>The authenticated connections now open.</summary>
    public IReadOnlyCollection<BusConnection> Connections => [.. _connections.Values];

    public IReadOnlyList<string> OwnedNames => _options.OwnedNames;

    /// <summary>Raised (through Post when set) after a peer authenticated.</summary>
    public event Action<BusConnection>? ConnectionOpened;

    /// <summary>Raised (through Post when set) once a connection closed, for whatever reason.</summary>
    public event Action<BusConnection>? ConnectionClosed;

    /// <summary>Binds <paramref name="socketPath"/> (creating its parent directories and replacing a
    /// stale socket there) and starts accepting.</summary>
    public static BusServer Listen(string socketPath, BusServerOptions? options = null)
    {
        options ??= new BusServerOptions();
        var full = Path.GetFullPath(socketPath);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null)
            Directory.CreateDirectory(directory);
        if (File.Exists(full) || Directory.Exists(full))
        {
            var info = new FileInfo(full);
            if (!info.Attributes.HasFlag(FileAttributes.Directory) && IsSocket(full))
                File.Delete(full);
            else
                throw new IOException($"{full} exists and is not a socket");
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(full));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(full, options.SocketMode);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new BusServer(full, listener, options);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    private static bool IsSocket(string path)
    {
        // .NET has no file-type query for sockets; a socket reports neither as a regular file with
        // content nor as a directory, and connecting tells stale from live.
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            throw new IOException($"{path} is a socket another process is serving");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Exports <paramref name="obj"/> at exactly <paramref name="path"/> (replacing any object there).</summary>
    public void AddObject(ObjectPath path, BusObject obj) => _tree.Add(path, obj);

    /// <summary>Exports one object implementing <paramref name="interfaces"/> at <paramref name="path"/>.</summary>
    public void AddObject(ObjectPath path, params BusInterface[] interfaces) => _tree.Add(path, new BusObject(interfaces));

    public bool RemoveObject(ObjectPath path) => _tree.Remove(path);

    /// <summary>Serves every path strictly below <paramref name="prefix"/> through <paramref name="resolve"/>
    /// (null: no such object), with <paramref name="enumerate"/> listing the objects that exist (full
    /// paths, any depth) for introspection of the prefix and its descendants.</summary>
    public void AddSubtree(ObjectPath prefix, Func<ObjectPath, BusObject?> resolve, Func<IEnumerable<ObjectPath>> enumerate) =>
        _tree.AddSubtree(prefix, resolve, enumerate);

    public bool RemoveSubtree(ObjectPath prefix) => _tree.RemoveSubtree(prefix);

    /// <summary>Sends a signal to <paramref name="to"/>, or to every connection when null. Thread-safe;
    /// marshalling errors (values that do not match <paramref name="signature"/>) throw here.</summary>
    public void EmitSignal(ObjectPath path, string interfaceName, string member, string signature, IReadOnlyList<object> args,
        IEnumerable<BusConnection>? to = null)
    {
        var message = new BusMessage { Type = BusMessageType.Signal, Flags = BusMessageFlags.NoReplyExpected, Path = path, Interface = interfaceName, Member = member }
            .WithBody(signature, args);
        message.Serial = 1;
        var encoded = message.Encode();
        foreach (var connection in to ?? _connections.Values)
            connection.SendEncoded(encoded, message);
    }

    /// <summary>Sends org.freedesktop.DBus.Properties.PropertiesChanged for <paramref name="propertyNames"/>
    /// of the object at <paramref name="path"/>: values read now from the getters for properties that emit
    /// them, names only for <see cref="PropertyEmits.Invalidates"/>; const and non-emitting ones are skipped.
    /// Call it where property getters may run (the Post thread when set).</summary>
    public void EmitPropertiesChanged(ObjectPath path, string interfaceName, IEnumerable<string> propertyNames, IEnumerable<BusConnection>? to = null)
    {
        var obj = _tree.Resolve(path) ?? throw new ArgumentException($"no object at {path}", nameof(path));
        var iface = obj.FindInterface(interfaceName) ?? throw new ArgumentException($"{path} has no interface {interfaceName}", nameof(interfaceName));
        var changed = new List<object>();
        var invalidated = new List<object>();
        var access = new PropertyAccess(path, obj.Target, null);
        foreach (var name in propertyNames)
        {
            var property = iface.FindProperty(name) ?? throw new ArgumentException($"{interfaceName} has no property {name}", nameof(propertyNames));
            if (property.Emits == PropertyEmits.True)
                changed.Add(new DBusDictEntry(name, new Variant(property.Signature, property.Get(access))));
            else if (property.Emits == PropertyEmits.Invalidates)
                invalidated.Add(name);
        }
        if (changed.Count + invalidated.Count == 0)
            return;
        EmitSignal(path, PropertiesInterface, "PropertiesChanged", "sa{sv}as",
            [interfaceName, new DBusArray("{sv}", changed), new DBusArray("s", invalidated)], to);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: keep serving the connections we have.
                Log($"accept failed: {e.Message}");
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            if (Interlocked.Increment(ref _pending) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _pending);
                Log("too many connections, refusing one");
                socket.Dispose();
                continue;
            }
            _ = Task.Run(() => RunConnectionAsync(socket));
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        var transport = new MessageTransport(socket, _options.MaxMessageSize, _options.MaxQueuedBytesPerConnection);
        BusConnection? connection = null;
        try
        {
            var credentials = PeerCredentials.Of(socket);
            using (var authTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                authTimeout.CancelAfter(_options.AuthenticationTimeout);
                if (!await Sasl.ServeAsync(transport, credentials, Guid, authTimeout.Token).ConfigureAwait(false))
                    return;
            }
            connection = new BusConnection(Interlocked.Increment(ref _nextId), credentials, transport, _options.Trace);
            _connections[connection.Id] = connection;
            transport.StartWriter();
            RaiseConnectionEvent(ConnectionOpened, connection);
            while (true)
            {
                var message = await transport.ReadMessageAsync(_stopping.Token).ConfigureAwait(false);
                if (message is null)
                    break;
                _options.Trace?.Invoke(connection, message, true);
                if (message.Type != BusMessageType.MethodCall)
                    continue; // replies and signals from clients have nothing to go to
                var args = message.ReadBody();
                Dispatch(connection, message, args);
            }
        }
        catch (BusProtocolException e)
        {
            Log($"closing {connection?.ToString() ?? "unauthenticated connection"}: {e.Message}");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        catch (Exception e)
        {
            Log($"closing {connection?.ToString() ?? "unauthenticated connection"} after an unexpected error: {e}");
        }
        finally
        {
            transport.Close();
            Interlocked.Decrement(ref _pending);
            if (connection is not null && _connections.TryRemove(connection.Id, out _))
                RaiseConnectionEvent(ConnectionClosed, connection);
        }
    }

    private void RaiseConnectionEvent(Action<BusConnection>? handler, BusConnection connection)
    {
        if (handler is null)
            return;
        void Invoke()
        {
            try
            {
                handler(connection);
            }
            catch (Exception e)
            {
                Log($"connection event handler failed: {e}");
            }
        }
        if (_options.Post is { } post)
            post(Invoke);
        else
            Invoke();
    }

    private void Dispatch(BusConnection connection, BusMessage message, IReadOnlyList<object> args)
    {
        if (_options.Post is { } post)
            post(() => _ = HandleAsync(connection, message, args));
        else
            _ = HandleAsync(connection, message, args);
    }

    private async Task HandleAsync(BusConnection connection, BusMessage message, IReadOnlyList<object> args)
    {
        MethodReply reply;
        string? outSignature;
        try
        {
            var task = Call(connection, message, args, out outSignature);
            reply = task.IsCompletedSuccessfully ? task.Result : await task.ConfigureAwait(false);
        }
        catch (BusErrorException e)
        {
            reply = MethodReply.Error(e.Name, e.Message);
            outSignature = null;
        }
        catch (Exception e)
        {
            Log($"{message.Interface}.{message.Member} on {message.Path} failed: {e}");
            reply = MethodReply.Error(BusErrors.Failed, e.Message);
            outSignature = null;
        }
        if (message.NoReplyExpected || connection.IsClosed)
            return;
        BusMessage response;
        try
        {
            response = reply.IsError
                ? ErrorMessage(message, reply.ErrorName!, reply.ErrorMessage ?? "")
                : new BusMessage { Type = BusMessageType.MethodReturn, Flags = BusMessageFlags.NoReplyExpected, ReplySerial = message.Serial, Destination = message.Sender }
                    .WithBody(reply.Signature ?? outSignature ?? "", reply.Values);
        }
        catch (Exception e) when (e is BusMarshalException or FormatException or ArgumentException)
        {
            Log($"reply of {message.Interface}.{message.Member} on {message.Path} does not match its signature: {e.Message}");
            response = ErrorMessage(message, BusErrors.Failed, $"Internal error: the reply does not match signature '{reply.Signature ?? outSignature}'.");
        }
        connection.Send(response);
    }

    private static BusMessage ErrorMessage(BusMessage call, string name, string text) =>
        new BusMessage { Type = BusMessageType.Error, Flags = BusMessageFlags.NoReplyExpected, ErrorName = name, ReplySerial = call.Serial, Destination = call.Sender }
            .WithBody("s", [text]);

    private static ValueTask<MethodReply> Error(string name, string text) => ValueTask.FromResult(MethodReply.Error(name, text));

    /// <summary>Finds and runs the handler of a call; <paramref name="outSignature"/> is the declared
    /// reply signature.</summary>
    private ValueTask<MethodReply> Call(BusConnection connection, BusMessage message, IReadOnlyList<object> args, out string? outSignature)
    {
        outSignature = null;
        var path = message.Path!.Value;
        var member = message.Member!;
        var iface = message.Interface;
        if (iface == PeerInterface || (iface is null && member is "Ping" or "GetMachineId"))
            return Peer(message, member, out outSignature);
        var isDriverCall = message.Destination == DBusInterface || (path == DriverPath && (iface is null or DBusInterface));
        BusObject? obj;
        if (isDriverCall)
        {
            obj = path == DriverPath ? _driver : null;
        }
        else
        {
            obj = _tree.Resolve(path);
            if (obj is null && path == DriverPath)
                obj = _driver;
        }
        if (obj is null)
        {
            if (isDriverCall || !_tree.IsInnerNode(path))
                return Error(BusErrors.UnknownObject, $"Unknown object '{path}'.");
            obj = new BusObject([]); // an inner node: only the standard interfaces
        }
        if (iface == IntrospectableInterface || (iface is null && member == "Introspect"))
        {
            if (member != "Introspect")
                return UnknownMethod(member, iface);
            if (message.Signature.Length != 0)
                return InvalidArgs(message, "Introspect", "");
            outSignature = "s";
            var children = obj == _driver ? [] : _tree.ChildNames(path);
            return ValueTask.FromResult(MethodReply.Return(Introspection.Generate(obj.Interfaces, children)));
        }
        if (iface == PropertiesInterface || (iface is null && member is "Get" or "GetAll" or "Set" && obj.Interfaces.All(i => i.FindMethod(member) is null)))
            return Properties(connection, message, args, obj, out outSignature);
        BusMethod? method = null;
        if (iface is null)
        {
            foreach (var candidate in obj.Interfaces)
            {
                method = candidate.FindMethod(member);
                if (method is not null)
                    break;
            }
        }
        else
        {
            method = obj.FindInterface(iface)?.FindMethod(member);
        }
        if (method is null)
            return UnknownMethod(member, iface);
        if (message.Signature != method.InSignature)
            return InvalidArgs(message, method.Name, method.InSignature);
        outSignature = method.OutSignature;
        return method.Handler(new MethodCall(connection, message, args, obj.Target));
    }

    private static ValueTask<MethodReply> UnknownMethod(string member, string? iface) =>
        Error(BusErrors.UnknownMethod, iface is null ? $"Unknown method '{member}'." : $"Unknown method '{member}' or interface '{iface}'.");

    private static ValueTask<MethodReply> InvalidArgs(BusMessage message, string member, string expected) =>
        Error(BusErrors.InvalidArgs, $"Invalid arguments '{message.Signature}' to call {message.Interface ?? "(none)"}.{member}(), expecting '{expected}'.");

    private ValueTask<MethodReply> Peer(BusMessage message, string member, out string? outSignature)
    {
        outSignature = "";
        if (member is not ("Ping" or "GetMachineId"))
            return UnknownMethod(member, message.Interface);
        if (message.Signature.Length != 0)
            return InvalidArgs(message, member, "");
        if (member == "Ping")
            return ValueTask.FromResult(MethodReply.Empty);
        outSignature = "s";
        return ValueTask.FromResult(MethodReply.Return(_machineId.Value));
    }

    private ValueTask<MethodReply> Properties(BusConnection connection, BusMessage message, IReadOnlyList<object> args, BusObject obj, out string? outSignature)
    {
        outSignature = null;
        var member = message.Member!;
        var expected = member switch
        {
            "Get" => "ss",
            "GetAll" => "s",
            "Set" => "ssv",
            _ => null,
        };
        if (expected is null)
            return UnknownMethod(member, message.Interface);
        if (message.Signature != expected)
            return InvalidArgs(message, member, expected);
        var interfaceName = (string)args[0];
        var access = new PropertyAccess(message.Path!.Value, obj.Target, connection);
        if (member == "GetAll")
        {
            outSignature = "a{sv}";
            IEnumerable<BusInterface> interfaces;
            if (interfaceName.Length == 0)
            {
                interfaces = obj.Interfaces;
            }
            else
            {
                var found = obj.FindInterface(interfaceName);
                if (found is null)
                    return IsStandard(interfaceName) ? ValueTask.FromResult(MethodReply.Return(new DBusArray("{sv}", []))) : UnknownInterface(interfaceName);
                interfaces = [found];
            }
            var entries = new List<object>();
            foreach (var i in interfaces)
            {
                foreach (var p in i.Members.OfType<BusProperty>())
                    entries.Add(new DBusDictEntry(p.Name, new Variant(p.Signature, p.Get(access))));
            }
            return ValueTask.FromResult(MethodReply.Return(new DBusArray("{sv}", entries)));
        }
        var propertyName = (string)args[1];
        var iface = obj.FindInterface(interfaceName);
        if (iface is null)
            return UnknownInterface(interfaceName);
        var property = iface.FindProperty(propertyName);
        if (property is null)
            return Error(BusErrors.UnknownProperty, $"Unknown property '{propertyName}' on interface '{interfaceName}'.");
        if (member == "Get")
        {
            outSignature = "v";
            return ValueTask.FromResult(MethodReply.Return(new Variant(property.Signature, property.Get(access))));
        }
        if (property.Set is null)
            return Error(BusErrors.PropertyReadOnly, $"Property '{propertyName}' is not writable.");
        var value = (Variant)args[2];
        if (value.Signature != property.Signature)
            return Error(BusErrors.InvalidArgs, $"Incorrect signature when setting property '{propertyName}', expected '{property.Signature}', got '{value.Signature}'.");
        property.Set(access, value.Value);
        outSignature = "";
        return ValueTask.FromResult(MethodReply.Empty);
    }

    private static bool IsStandard(string interfaceName) => interfaceName is PropertiesInterface or IntrospectableInterface or PeerInterface;

    private static ValueTask<MethodReply> UnknownInterface(string interfaceName) =>
        Error(BusErrors.UnknownInterface, $"Unknown interface '{interfaceName}'.");

    internal BusConnection? FindConnection(string uniqueName)
    {
        if (!uniqueName.StartsWith(":1.", StringComparison.Ordinal) || !long.TryParse(uniqueName.AsSpan(3), out var id))
            return null;
        return _connections.GetValueOrDefault(id);
    }

    private string ReadMachineId()
    {
        if (_options.MachineId is { } configured)
            return configured;
        try
        {
            var text = File.ReadAllText("/etc/machine-id").Trim();
            if (text.Length == 32)
                return text;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Guid;
    }

    internal void Log(string text)
    {
        try
        {
            _options.Log?.Invoke(text);
        }
        catch (Exception)
        {
            // A failing log sink must not take the server down.
        }
    }

    /// <summary>Stops accepting, closes every connection and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        _listener.Dispose();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Values)
            connection.Close();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
    }
}
