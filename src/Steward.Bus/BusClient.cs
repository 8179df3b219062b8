using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Steward.Bus;

/// <summary>A signal received by a <see cref="BusClient"/>.</summary>
public sealed record BusSignal(ObjectPath Path, string Interface, string Member, string? Sender, IReadOnlyList<object> Args);

/// <summary>
/// A D-Bus client over a Unix socket (<c>unix:path=…</c>), authenticating with EXTERNAL as the
/// process's effective uid: method calls with arguments and replies in the value model, errors as
/// <see cref="BusErrorException"/>, and signals through subscriptions. Thread-safe; one background
/// read loop completes calls and feeds subscriptions.
/// </summary>
public sealed class BusClient : IAsyncDisposable, IDisposable
{
    private readonly MessageTransport _transport;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<BusMessage>> _pending = new();
    private readonly Lock _subscriptionsLock = new();
    private readonly List<SignalSubscription> _subscriptions = [];
    private readonly Task _readLoop;
    private Exception? _failure;

    private BusClient(MessageTransport transport, string serverGuid)
    {
        _transport = transport;
        ServerGuid = serverGuid;
        transport.StartWriter();
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public string ServerGuid { get; }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closed => _transport.Closed;

    /// <summary>Connects and authenticates. <paramref name="address"/> is a D-Bus address
    /// (<c>unix:path=/run/systemd/private</c>; the first unix:path entry of a list is used) or a plain socket path.</summary>
    public static async Task<BusClient> ConnectAsync(string address, CancellationToken cancel = default)
    {
        var path = SocketPathOf(address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var transport = new MessageTransport(socket, 128 * 1024 * 1024, long.MaxValue);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
            var guid = await Sasl.AuthenticateAsync(transport, cancel).ConfigureAwait(false);
            return new BusClient(transport, guid);
        }
        catch
        {
            transport.Close();
            throw;
        }
    }

    /// <summary>Connects synchronously (the CLI's path: no thread hop before the first call).</summary>
    public static BusClient Connect(string address) => ConnectAsync(address).GetAwaiter().GetResult();

    internal static string SocketPathOf(string address)
    {
        if (!address.Contains('='))
            return address;
        foreach (var entry in address.Split(';'))
        {
            if (!entry.StartsWith("unix:", StringComparison.Ordinal))
                continue;
            foreach (var pair in entry[5..].Split(','))
            {
                if (pair.StartsWith("path=", StringComparison.Ordinal))
                    return Uri.UnescapeDataString(pair[5..]);
            }
        }
        throw new ArgumentException($"'{address}' has no unix:path= entry", nameof(address));
    }

    /// <summary>Calls a method and returns the reply's body read by its signature; an error reply
    /// throws <see cref="BusErrorException"/>. <paramref name="destination"/> may be null on a direct connection.</summary>
    public async Task<IReadOnlyList<object>> CallAsync(string? destination, ObjectPath path, string interfaceName, string member,
        string signature = "", IReadOnlyList<object>? args = null, CancellationToken cancel = default)
    {
        var message = new BusMessage { Type = BusMessageType.MethodCall, Path = path, Interface = interfaceName, Member = member, Destination = destination }
            .WithBody(signature, args ?? []);
        message.Serial = _transport.NextSerial();
        var reply = new TaskCompletionSource<BusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[message.Serial] = reply;
        try
        {
            if (_failure is not null || !_transport.Send(message))
                throw Disconnected();
            BusMessage answer;
            using (cancel.Register(() => reply.TrySetCanceled(cancel)))
                answer = await reply.Task.ConfigureAwait(false);
            var body = answer.ReadBody();
            if (answer.Type == BusMessageType.Error)
                throw new BusErrorException(answer.ErrorName!, body.Count > 0 && body[0] is string text ? text : "");
            return body;
        }
        finally
        {
            _pending.TryRemove(message.Serial, out _);
        }
    }

    /// <summary>Synchronous <see cref="CallAsync"/>.</summary>
    public IReadOnlyList<object> Call(string? destination, ObjectPath path, string interfaceName, string member,
        string signature = "", IReadOnlyList<object>? args = null) =>
        CallAsync(destination, path, interfaceName, member, signature, args).GetAwaiter().GetResult();

    /// <summary>Reads one property (org.freedesktop.DBus.Properties.Get), unwrapped from its variant.</summary>
    public async Task<object> GetPropertyAsync(string? destination, ObjectPath path, string interfaceName, string property, CancellationToken cancel = default)
    {
        var body = await CallAsync(destination, path, BusServer.PropertiesInterface, "Get", "ss", [interfaceName, property], cancel).ConfigureAwait(false);
        return ((Variant)body[0]).Value;
    }

    /// <summary>Starts collecting signals that pass <paramref name="filter"/> (all when null). Subscribe
    /// before making the call whose signals you wait for: nothing received after this returns is missed.</summary>
    public SignalSubscription Subscribe(Func<BusSignal, bool>? filter = null)
    {
        var subscription = new SignalSubscription(this, filter);
        lock (_subscriptionsLock)
            _subscriptions.Add(subscription);
        return subscription;
    }

    internal void Unsubscribe(SignalSubscription subscription)
    {
        lock (_subscriptionsLock)
            _subscriptions.Remove(subscription);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var message = await _transport.ReadMessageAsync(_transport.Closed).ConfigureAwait(false);
                if (message is null)
                    break;
                switch (message.Type)
                {
                    case BusMessageType.MethodReturn or BusMessageType.Error:
                        if (_pending.TryRemove(message.ReplySerial!.Value, out var waiter))
                            waiter.TrySetResult(message);
                        break;
                    case BusMessageType.Signal:
                        Deliver(message);
                        break;
                    case BusMessageType.MethodCall when !message.NoReplyExpected:
                        // Nothing is exported on the client side; answer as sd-bus does.
                        _transport.Send(new BusMessage { Type = BusMessageType.Error, ErrorName = BusErrors.UnknownObject, ReplySerial = message.Serial, Destination = message.Sender }
                            .WithBody("s", [$"Unknown object '{message.Path}'."]));
                        break;
                    default:
                        break;
                }
            }
            _failure = Disconnected();
        }
        catch (Exception e)
        {
            _failure = e is BusProtocolException ? new BusErrorException(BusErrors.Disconnected, $"Protocol error from the server: {e.Message}") : Disconnected();
        }
        _transport.Close();
        foreach (var waiter in _pending.Values)
            waiter.TrySetException(_failure);
        lock (_subscriptionsLock)
        {
            foreach (var subscription in _subscriptions)
                subscription.Complete(_failure);
        }
    }

    private void Deliver(BusMessage message)
    {
        IReadOnlyList<object> args;
        try
        {
            args = message.ReadBody();
        }
        catch (BusProtocolException)
        {
            return;
        }
        var signal = new BusSignal(message.Path!.Value, message.Interface!, message.Member!, message.Sender, args);
        lock (_subscriptionsLock)
        {
            foreach (var subscription in _subscriptions)
                subscription.Offer(signal);
        }
    }

    private static BusErrorException Disconnected() => new(BusErrors.Disconnected, "The connection to the server was closed.");

    public void Dispose() => _transport.Close();

    public async ValueTask DisposeAsync()
    {
        _transport.Close();
        await _readLoop.ConfigureAwait(false);
    }
}

/// <summary>Signals collected for one subscriber, in arrival order. Dispose to stop collecting.</summary>
public sealed class SignalSubscription : IDisposable
{
    private readonly BusClient _client;
    private readonly Func<BusSignal, bool>? _filter;
    private readonly Channel<BusSignal> _signals = Channel.CreateUnbounded<BusSignal>(new UnboundedChannelOptions { SingleWriter = true });

    internal SignalSubscription(BusClient client, Func<BusSignal, bool>? filter)
    {
        _client = client;
        _filter = filter;
    }

    internal void Offer(BusSignal signal)
    {
        if (_filter is null || _filter(signal))
            _signals.Writer.TryWrite(signal);
    }

    internal void Complete(Exception error) => _signals.Writer.TryComplete(error);

    /// <summary>The next signal; throws <see cref="BusErrorException"/> once the connection is gone.</summary>
    public async ValueTask<BusSignal> NextAsync(CancellationToken cancel = default)
    {
        try
        {
            return await _signals.Reader.ReadAsync(cancel).ConfigureAwait(false);
        }
        catch (ChannelClosedException e) when (e.InnerException is BusErrorException inner)
        {
            throw new BusErrorException(inner.Name, inner.Message);
        }
    }

    /// <summary>The first signal matching <paramref name="predicate"/>, skipping others.</summary>
    public async ValueTask<BusSignal> WaitForAsync(Func<BusSignal, bool> predicate, CancellationToken cancel = default)
    {
        while (true)
        {
            var signal = await NextAsync(cancel).ConfigureAwait(false);
            if (predicate(signal))
                return signal;
        }
    }

    public void Dispose() => _client.Unsubscribe(this);
}
