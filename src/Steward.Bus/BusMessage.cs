using System.Buffers.Binary;

namespace Steward.Bus;

public enum BusMessageType : byte
{
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}

[Flags]
public enum BusMessageFlags : byte
{
    None = 0,
    NoReplyExpected = 1,
    NoAutoStart = 2,
    AllowInteractiveAuthorization = 4,
}

/// <summary>One D-Bus message: the header fields and the marshalled body. <see cref="Encode"/> and
/// <see cref="Decode"/> convert to and from the wire format.</summary>
public sealed class BusMessage
{
    /// <summary>Size of the fixed part of the header, including the header field array's length.</summary>
    internal const int FixedHeaderSize = 16;

    private byte[] _body = [];
    private bool _bigEndian;

    public BusMessageType Type { get; init; }
    public BusMessageFlags Flags { get; init; }
    public uint Serial { get; set; }
    public ObjectPath? Path { get; init; }
    public string? Interface { get; init; }
    public string? Member { get; init; }
    public string? ErrorName { get; init; }
    public uint? ReplySerial { get; init; }
    public string? Destination { get; init; }
    public string? Sender { get; init; }
    public string Signature { get; private set; } = "";
    public uint UnixFds { get; init; }

    public bool NoReplyExpected => Flags.HasFlag(BusMessageFlags.NoReplyExpected);

    /// <summary>Sets the body: <paramref name="values"/> marshalled as <paramref name="signature"/>.</summary>
    public BusMessage WithBody(string signature, IReadOnlyList<object> values)
    {
        var writer = new WireWriter();
        writer.WriteValues(signature, values);
        _body = writer.ToArray();
        _bigEndian = false;
        Signature = signature;
        return this;
    }

    /// <summary>The body read into the value model by its signature.</summary>
    public IReadOnlyList<object> ReadBody()
    {
        var reader = new WireReader(_body, _bigEndian);
        var values = reader.ReadValues(Signature);
        if (!reader.AtEnd)
            throw new BusProtocolException("message body is longer than its signature");
        return values;
    }

    internal int BodyLength => _body.Length;

    /// <summary>The message in wire format (little-endian).</summary>
    public byte[] Encode()
    {
        var writer = new WireWriter(FixedHeaderSize + 128 + _body.Length);
        writer.WriteByte((byte)'l');
        writer.WriteByte((byte)Type);
        writer.WriteByte((byte)Flags);
        writer.WriteByte(1);
        writer.WriteUInt32((uint)_body.Length);
        writer.WriteUInt32(Serial);
        var fields = new List<object>();
        void Add(byte code, string signature, object? value)
        {
            if (value is not null)
                fields.Add(new DBusStruct(code, new Variant(signature, value)));
        }
        Add(1, "o", Path);
        Add(2, "s", Interface);
        Add(3, "s", Member);
        Add(4, "s", ErrorName);
        Add(5, "u", ReplySerial);
        Add(6, "s", Destination);
        Add(7, "s", Sender);
        if (Signature.Length > 0)
            Add(8, "g", new Signature(Signature));
        if (UnixFds > 0)
            Add(9, "u", UnixFds);
        writer.WriteValue("a(yv)", new DBusArray("(yv)", fields));
        writer.Align(8);
        writer.WriteBytes(_body);
        return writer.ToArray();
    }

    /// <summary>The total length of the message whose first 16 bytes are <paramref name="header"/>,
    /// or a protocol error if they are not a D-Bus header.</summary>
    internal static long TotalLength(ReadOnlySpan<byte> header)
    {
        var bigEndian = header[0] switch
        {
            (byte)'l' => false,
            (byte)'B' => true,
            _ => throw new BusProtocolException($"invalid endianness byte 0x{header[0]:x2}"),
        };
        if (header[3] != 1)
            throw new BusProtocolException($"unsupported protocol version {header[3]}");
        var bodyLength = Read32(header[4..], bigEndian);
        var fieldsLength = Read32(header[12..], bigEndian);
        var headerEnd = (FixedHeaderSize + (long)fieldsLength + 7) & ~7L;
        return headerEnd + bodyLength;
    }

    private static uint Read32(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    /// <summary>Parses one complete message; throws <see cref="BusProtocolException"/> when malformed.</summary>
    public static BusMessage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderSize)
            throw new BusProtocolException("message shorter than its fixed header");
        var total = TotalLength(data);
        if (total != data.Length)
            throw new BusProtocolException("message length does not match its header");
        var bigEndian = data[0] == 'B';
        var type = data[1];
        if (type is < 1 or > 4)
            throw new BusProtocolException($"unknown message type {type}");
        var bodyLength = (int)Read32(data[4..], bigEndian);
        var serial = Read32(data[8..], bigEndian);
        if (serial == 0)
            throw new BusProtocolException("message serial is 0");
        var reader = new WireReader(data[..(data.Length - bodyLength)], bigEndian);
        reader.ReadByte();
        reader.ReadByte();
        reader.ReadByte();
        reader.ReadByte();
        reader.ReadUInt32();
        reader.ReadUInt32();
        var fields = (DBusArray)reader.ReadValue("a(yv)");
        reader.Align(8);
        if (!reader.AtEnd)
            throw new BusProtocolException("header fields do not end where the header says");
        ObjectPath? path = null;
        string? iface = null, member = null, errorName = null, destination = null, sender = null, signature = null;
        uint? replySerial = null;
        uint fds = 0;
        foreach (DBusStruct field in fields.Items)
        {
            var code = (byte)field.Fields[0];
            var variant = (Variant)field.Fields[1];
            T Get<T>(string expected) => variant.Signature == expected && variant.Value is T t
                ? t
                : throw new BusProtocolException($"header field {code} has type '{variant.Signature}', expected '{expected}'");
            switch (code)
            {
                case 1: path = Get<ObjectPath>("o"); break;
                case 2: iface = Get<string>("s"); break;
                case 3: member = Get<string>("s"); break;
                case 4: errorName = Get<string>("s"); break;
                case 5: replySerial = Get<uint>("u"); break;
                case 6: destination = Get<string>("s"); break;
                case 7: sender = Get<string>("s"); break;
                case 8: signature = Get<Signature>("g").Value; break;
                case 9: fds = Get<uint>("u"); break;
                default: break; // unknown header fields must be ignored
            }
        }
        var messageType = (BusMessageType)type;
        var missing = messageType switch
        {
            BusMessageType.MethodCall when path is null || member is null => "PATH and MEMBER",
            BusMessageType.Signal when path is null || member is null || iface is null => "PATH, INTERFACE and MEMBER",
            BusMessageType.Error when errorName is null || replySerial is null => "ERROR_NAME and REPLY_SERIAL",
            BusMessageType.MethodReturn when replySerial is null => "REPLY_SERIAL",
            _ => null,
        };
        if (missing is not null)
            throw new BusProtocolException($"{messageType} message lacks {missing}");
        if (bodyLength > 0 && string.IsNullOrEmpty(signature))
            throw new BusProtocolException("message has a body but no signature");
        var message = new BusMessage
        {
            Type = messageType,
            Flags = (BusMessageFlags)data[2],
            Serial = serial,
            Path = path,
            Interface = iface,
            Member = member,
            ErrorName = errorName,
            ReplySerial = replySerial,
            Destination = destination,
            Sender = sender,
            UnixFds = fds,
        };
        message.Signature = signature ?? "";
        message._body = data[(data.Length - bodyLength)..].ToArray();
        message._bigEndian = bigEndian;
        return message;
    }
}
