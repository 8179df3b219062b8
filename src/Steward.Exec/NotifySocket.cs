using System.Text;
using System.Threading.Channels;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>One sd_notify datagram: the sender's credentials (SCM_CREDENTIALS; pid 0 when the kernel attached
/// none) and its "KEY=VALUE" lines in order.</summary>
public sealed record NotifyMessage(int Pid, uint Uid, uint Gid, string Text, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The last value of a key (READY, STATUS, MAINPID, ERRNO, EXTEND_TIMEOUT_USEC …), or null.</summary>
    public string? Get(string key)
    {
        string? value = null;
        foreach (var field in Fields)
        {
            if (field.Key.Equals(key, StringComparison.Ordinal))
            {
                value = field.Value;
            }
        }

        return value;
    }

    public bool IsReady => Get("READY") == "1";

    public bool IsReloading => Get("RELOADING") == "1";

    public bool IsStopping => Get("STOPPING") == "1";

    public bool IsWatchdogPing => Get("WATCHDOG") == "1";

    /// <summary>Splits on newlines; lines without "=" are skipped, as systemd does.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (string line in text.Split('\n'))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields.Add(new(line[..equals], line[(equals + 1)..]));
            }
        }

        return fields;
    }
}

/// <summary>The manager's NOTIFY_SOCKET: an AF_UNIX datagram socket with SO_PASSCRED, read by a dedicated
/// thread; each datagram becomes a <see cref="NotifyMessage"/> on <see cref="Messages"/>. Passed descriptors
/// (FDSTORE) are closed for now. Datagrams larger than 4096 bytes (systemd's limit) are dropped.</summary>
public sealed unsafe class NotifySocket : IDisposable
{
    private const int MaxMessage = 4096;
    private const int ControlSize = 4096;

    private readonly Channel<NotifyMessage> _messages = Channel.CreateUnbounded<NotifyMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Thread _thread;
    private int _fd;

    private NotifySocket(string path, int fd)
    {
        Path = path;
        _fd = fd;
        _thread = new Thread(Loop) { IsBackground = true, Name = "steward-notify" };
        _thread.Start();
    }

    /// <summary>The socket's path (what NOTIFY_SOCKET= says).</summary>
    public string Path { get; }

    /// <summary>Every received message in arrival order. Completes when the socket is disposed.</summary>
    public ChannelReader<NotifyMessage> Messages => _messages.Reader;

    /// <summary>Binds the socket at <paramref name="path"/>, removing a stale one first.</summary>
    public static NotifySocket Bind(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte* address = stackalloc byte[112];
        int length = Libc.FillSockAddrUn(address, path);
        if (length < 0)
        {
            throw new ExecException($"Notification socket path is too long: {path}");
        }

        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new ExecException($"Failed to allocate notification socket: {Libc.StrError(Libc.LastError)}", Libc.LastError);
        }

        Libc.unlink(address + 2);
        int on = 1;
        if (Libc.bind(fd, address, (uint)length) < 0 || Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_PASSCRED, &on, sizeof(int)) < 0)
        {
            int errno = Libc.LastError;
            Libc.close(fd);
            throw new ExecException($"Failed to bind notification socket {path}: {Libc.StrError(errno)}", errno);
        }

        return new NotifySocket(path, fd);
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0)
        {
            return;
        }

        Libc.shutdown(fd, 2 /* SHUT_RDWR: wakes the blocked recvmsg */);
        _thread.Join();
        Libc.close(fd);
        byte* address = stackalloc byte[112];
        if (Libc.FillSockAddrUn(address, Path) > 0)
        {
            Libc.unlink(address + 2);
        }
    }

    private void Loop()
    {
        byte* data = stackalloc byte[MaxMessage + 1];
        byte* control = stackalloc byte[ControlSize];
        while (Volatile.Read(ref _fd) >= 0)
        {
            var iov = new Libc.IoVec { Base = data, Length = MaxMessage + 1 };
            var header = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            nint n = Libc.recvmsg(_fd, &header, Libc.MSG_CMSG_CLOEXEC);
            if (n < 0)
            {
                if (Libc.LastError == Libc.EINTR)
                {
                    continue;
                }

                break;
            }

            if (n == 0 && Volatile.Read(ref _fd) < 0)
            {
                break;
            }

            var credentials = ReadControl(&header);
            if (n > MaxMessage || (header.Flags & (Libc.MSG_TRUNC | Libc.MSG_CTRUNC)) != 0)
            {
                continue;
            }

            string text = Encoding.UTF8.GetString(data, (int)n).TrimEnd('\0');
            _messages.Writer.TryWrite(new NotifyMessage(credentials.Pid, credentials.Uid, credentials.Gid, text, NotifyMessage.Parse(text)));
        }

        _messages.Writer.TryComplete();
    }

    /// <summary>Takes the credentials and closes any passed descriptors.</summary>
    private static Libc.UCred ReadControl(Libc.MsgHdr* header)
    {
        var credentials = default(Libc.UCred);
        byte* position = (byte*)header->Control;
        byte* end = position + header->ControlLength;
        int headerSize = sizeof(Libc.CmsgHdr);
        while (position + headerSize <= end)
        {
            var cmsg = (Libc.CmsgHdr*)position;
            if (cmsg->Length < (nuint)headerSize || position + (nint)cmsg->Length > end)
            {
                break;
            }

            byte* payload = position + headerSize;
            int payloadLength = (int)cmsg->Length - headerSize;
            if (cmsg->Level == Libc.SOL_SOCKET && cmsg->Type == Libc.SCM_CREDENTIALS && payloadLength >= sizeof(Libc.UCred))
            {
                credentials = *(Libc.UCred*)payload;
            }
            else if (cmsg->Level == Libc.SOL_SOCKET && cmsg->Type == Libc.SCM_RIGHTS)
            {
                for (int i = 0; i + sizeof(int) <= payloadLength; i += sizeof(int))
                {
                    Libc.close(*(int*)(payload + i));
                }
            }

            position += (int)((cmsg->Length + 7) & ~(nuint)7);
        }

        return credentials;
    }
}
