namespace Steward.Bus;

/// <summary>Settings of a <see cref="BusServer"/>.</summary>
public sealed class BusServerOptions
{
    /// <summary>Permissions of the socket file. systemd makes <c>/run/systemd/private</c> owner-only;
    /// file permissions are the only access control here (every authenticated peer may call).</summary>
    public UnixFileMode SocketMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Where handlers run. Null: on the I/O thread that read the call (thread-pool threads,
    /// concurrently across connections). Set (e.g. to the manager loop's enqueue): every resolver,
    /// method handler, property getter/setter and the Connection events are invoked inside an action
    /// given to this delegate, one call per message, in arrival order per connection.</summary>
    public Action<Action>? Post { get; init; }

    /// <summary>Receives diagnostics: handler exceptions, protocol violations, dropped connections.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Sees every message received (true) and sent (false), on I/O threads; for debugging.</summary>
    public Action<BusConnection, BusMessage, bool>? Trace { get; init; }

    /// <summary>Larger incoming messages close the connection (the D-Bus limit is 128 MiB).</summary>
    public int MaxMessageSize { get; init; } = 32 * 1024 * 1024;

    /// <summary>A peer that lets more than this many bytes of replies and signals pile up unread is dropped.</summary>
    public long MaxQueuedBytesPerConnection { get; init; } = 64 * 1024 * 1024;

    /// <summary>Connections beyond this are closed at once (systemd allows 4096 on its private socket).</summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>A peer that has not finished the SASL exchange by then is dropped.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Well-known names the server answers for in the bus-driver calls (GetNameOwner,
    /// NameHasOwner, ListNames) that clients make even on a direct connection.</summary>
    public IReadOnlyList<string> OwnedNames { get; init; } = ["org.freedesktop.systemd1"];

    /// <summary>Answer of org.freedesktop.DBus.Peer.GetMachineId; null reads /etc/machine-id.</summary>
    public string? MachineId { get; init; }
}
