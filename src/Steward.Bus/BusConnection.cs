namespace Steward.Bus;

/// <summary>One client connected to a <see cref="BusServer"/>, authenticated. Identity for the
/// server's users (e.g. to keep a set of subscribers); <see cref="Send"/> is thread-safe.</summary>
public sealed class BusConnection
{
    private readonly MessageTransport _transport;
    private readonly Action<BusConnection, BusMessage, bool>? _trace;

    internal BusConnection(long id, PeerCredentials credentials, MessageTransport transport, Action<BusConnection, BusMessage, bool>? trace)
    {
        Id = id;
        Credentials = credentials;
        _transport = transport;
        _trace = trace;
    }

    /// <summary>Unique for the server's life, counting from 1.</summary>
    public long Id { get; }

    /// <summary>The bus name this connection gets from <c>Hello</c>, like a bus daemon's <c>:1.N</c>.</summary>
    public string UniqueName => ":1." + Id;

    /// <summary>The peer's pid, uid and gid at connect time (SO_PEERCRED).</summary>
    public PeerCredentials Credentials { get; }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closed => _transport.Closed;

    public bool IsClosed => _transport.Closed.IsCancellationRequested;

    /// <summary>Queues a message to this peer; false if the connection is closed.</summary>
    public bool Send(BusMessage message)
    {
        if (message.Serial == 0)
            message.Serial = _transport.NextSerial();
        _trace?.Invoke(this, message, false);
        return _transport.SendRaw(message.Encode());
    }

    /// <summary>Queues an already encoded message, stamping this connection's next serial into it.</summary>
    internal bool SendEncoded(byte[] encoded, BusMessage forTrace)
    {
        var copy = (byte[])encoded.Clone();
        var serial = _transport.NextSerial();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(8), serial);
        _trace?.Invoke(this, forTrace, false);
        return _transport.SendRaw(copy);
    }

    /// <summary>Closes the connection (the server then raises <see cref="BusServer.ConnectionClosed"/>).</summary>
    public void Close() => _transport.Close();

    public override string ToString() => $"{UniqueName} (pid {Credentials.Pid}, uid {Credentials.Uid})";
}
