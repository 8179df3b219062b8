using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Steward.Bus;

/// <summary>A Unix stream socket carrying the SASL lines and then D-Bus messages: buffered reads
/// on one reader, and a send queue any thread may post to (one writer task drains it, so a slow
/// peer never blocks the poster; a peer that lets too much pile up is disconnected).</summary>
internal sealed class MessageTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly int _maxMessageSize;
    private readonly long _maxQueuedBytes;
    private readonly Channel<byte[]> _sendQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private long _queuedBytes;
    private int _serial;
    private int _isClosed;
    private Task? _writer;

    public MessageTransport(Socket socket, int maxMessageSize, long maxQueuedBytes)
    {
        _socket = socket;
        _maxMessageSize = maxMessageSize;
        _maxQueuedBytes = maxQueuedBytes;
    }

    public Socket Socket => _socket;

    public CancellationToken Closed => _closed.Token;

    public uint NextSerial()
    {
        var serial = (uint)Interlocked.Increment(ref _serial);
        return serial == 0 ? (uint)Interlocked.Increment(ref _serial) : serial;
    }

    /// <summary>Starts the writer that drains the send queue (after the SASL exchange).</summary>
    public void StartWriter() => _writer = Task.Run(WriteLoopAsync);

    /// <summary>Queues a message (giving it a serial if it has none); false if the connection is closed.</summary>
    public bool Send(BusMessage message)
    {
        if (message.Serial == 0)
            message.Serial = NextSerial();
        return SendRaw(message.Encode());
    }

    public bool SendRaw(byte[] bytes)
    {
        if (_closed.IsCancellationRequested)
            return false;
        if (Interlocked.Add(ref _queuedBytes, bytes.Length) > _maxQueuedBytes)
        {
            Close();
            return false;
        }
        return _sendQueue.Writer.TryWrite(bytes);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _sendQueue.Reader.WaitToReadAsync(_closed.Token).ConfigureAwait(false))
            {
                while (_sendQueue.Reader.TryRead(out var bytes))
                {
                    await SendAllAsync(bytes, _closed.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _queuedBytes, -bytes.Length);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        Close();
    }

    /// <summary>Sends directly, bypassing the queue (SASL lines, before the writer starts).</summary>
    public async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        while (bytes.Length > 0)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancel).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    public ValueTask SendLineAsync(string line, CancellationToken cancel) =>
        SendAllAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancel);

    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancel)
    {
        if (_start > 0 && _buffer.Length - _start < needed)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length < needed)
            Array.Resize(ref _buffer, Math.Max(needed, Math.Min(_buffer.Length * 2, _maxMessageSize + 64)));
        while (_end - _start < needed)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel).ConfigureAwait(false);
            if (read == 0)
                return false;
            _end += read;
        }
        return true;
    }

    /// <summary>Reads one byte, or -1 at end of stream.</summary>
    public async ValueTask<int> ReadByteAsync(CancellationToken cancel)
    {
        if (!await FillAsync(1, cancel).ConfigureAwait(false))
            return -1;
        return _buffer[_start++];
    }

    /// <summary>Reads one CRLF-terminated ASCII line (without the CRLF), or null at end of stream;
    /// a line longer than <paramref name="maxLength"/> is a protocol error.</summary>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancel)
    {
        var scanned = 0;
        while (true)
        {
            var span = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _start + scanned + newline;
                var line = Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).TrimEnd('\r');
                _start = lineEnd + 1;
                return line;
            }
            scanned = _end - _start;
            if (scanned > maxLength)
                throw new BusProtocolException("authentication line too long");
            if (!await FillAsync(scanned + 1, cancel).ConfigureAwait(false))
                return null;
        }
    }

    /// <summary>Reads one message, or null at end of stream; throws <see cref="BusProtocolException"/>
    /// for malformed or oversized messages.</summary>
    public async ValueTask<BusMessage?> ReadMessageAsync(CancellationToken cancel)
    {
        if (!await FillAsync(BusMessage.FixedHeaderSize, cancel).ConfigureAwait(false))
        {
            if (_end != _start)
                throw new BusProtocolException("connection closed in the middle of a message");
            return null;
        }
        var total = BusMessage.TotalLength(_buffer.AsSpan(_start, BusMessage.FixedHeaderSize));
        if (total > _maxMessageSize)
            throw new BusProtocolException($"message of {total} bytes exceeds the limit of {_maxMessageSize}");
        if (!await FillAsync((int)total, cancel).ConfigureAwait(false))
            throw new BusProtocolException("connection closed in the middle of a message");
        var message = BusMessage.Decode(_buffer.AsSpan(_start, (int)total));
        _start += (int)total;
        if (_start == _end)
            _start = _end = 0;
        return message;
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _isClosed, 1) == 1)
            return;
        _closed.Cancel();
        _sendQueue.Writer.TryComplete();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    public void Dispose() => Close();
}
