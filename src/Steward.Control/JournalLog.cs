using System.Net.Sockets;
using System.Text;
using Steward.Manager.Engine;

namespace Steward.Control;

/// <summary>
/// The manager's messages, sent to the journal service over its native socket
/// (<c>/run/systemd/journal/socket</c> under the root) as systemd does, with systemd's identifier so
/// journal output reads the same. Until that socket exists, and when a send fails, the message goes
/// to standard error instead: nothing is lost silently.
/// </summary>
public sealed class JournalLog : IManagerLog, IDisposable
{
    private readonly string _socketPath;
    private readonly TextWriter _fallback;
    private Socket? _socket;

    public JournalLog(string socketPath, TextWriter fallback)
    {
        _socketPath = socketPath;
        _fallback = fallback;
    }

    /// <summary>Also echo every message to the fallback writer (a manager run in the foreground).</summary>
    public bool Echo { get; init; }

    public void Write(ManagerLogEntry entry)
    {
        if (Echo || !TrySend(entry))
        {
            _fallback.WriteLine(entry.Message);
            _fallback.Flush();
        }
    }

    private bool TrySend(ManagerLogEntry entry)
    {
        if (!File.Exists(_socketPath))
        {
            return false;
        }

        using var payload = new MemoryStream();
        Append(payload, "MESSAGE", entry.Message);
        Append(payload, "PRIORITY", entry.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(payload, "SYSLOG_FACILITY", "3");
        Append(payload, "SYSLOG_IDENTIFIER", "systemd");
        if (entry.Unit is { } unit)
        {
            Append(payload, "UNIT", unit);
        }

        foreach (KeyValuePair<string, string> field in entry.Fields ?? [])
        {
            Append(payload, field.Key, field.Value);
        }

        try
        {
            _socket ??= new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            _socket.SendTo(payload.ToArray(), new UnixDomainSocketEndPoint(_socketPath));
            return true;
        }
        catch (SocketException)
        {
            _socket?.Dispose();
            _socket = null;
            return false;
        }
    }

    /// <summary>The native protocol: KEY=VALUE lines, or KEY, newline, little-endian length, bytes for values with newlines.</summary>
    private static void Append(MemoryStream payload, string key, string value)
    {
        byte[] keyBytes = Encoding.UTF8.GetBytes(key);
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        payload.Write(keyBytes);
        if (!value.Contains('\n', StringComparison.Ordinal))
        {
            payload.WriteByte((byte)'=');
            payload.Write(bytes);
            payload.WriteByte((byte)'\n');
            return;
        }

        payload.WriteByte((byte)'\n');
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
        payload.Write(length);
        payload.Write(bytes);
        payload.WriteByte((byte)'\n');
    }

    public void Dispose() => _socket?.Dispose();
}
