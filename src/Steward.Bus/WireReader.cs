using System.Buffers.Binary;
using System.Text;

namespace Steward.Bus;

/// <summary>Reads D-Bus wire data into the value model by signature, checking every length,
/// alignment, boolean, string and nesting rule; malformed data throws <see cref="BusProtocolException"/>.</summary>
internal ref struct WireReader
{
    private const int MaxArrayBytes = 64 * 1024 * 1024;
    private const int MaxVariantDepth = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _bigEndian;
    private readonly int _baseOffset;
    private int _position;
    private int _variantDepth;

    /// <param name="baseOffset">Offset of <paramref name="data"/> within the message, for alignment.</param>
    public WireReader(ReadOnlySpan<byte> data, bool bigEndian, int baseOffset = 0)
    {
        _data = data;
        _bigEndian = bigEndian;
        _baseOffset = baseOffset;
        _position = 0;
        _variantDepth = 0;
    }

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == _data.Length;

    public List<object> ReadValues(string signature)
    {
        var types = DBusSignature.Split(signature);
        var values = new List<object>(types.Count);
        foreach (var type in types)
            values.Add(ReadValue(type));
        return values;
    }

    public object ReadValue(string type)
    {
        switch (type[0])
        {
            case 'y': return ReadByte();
            case 'b':
                var b = ReadUInt32();
                return b switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new BusProtocolException($"boolean value {b} is neither 0 nor 1"),
                };
            case 'n': return (short)ReadUInt16();
            case 'q': return ReadUInt16();
            case 'i' or 'h': return (int)ReadUInt32();
            case 'u': return ReadUInt32();
            case 'x': return (long)ReadUInt64();
            case 't': return ReadUInt64();
            case 'd': return BitConverter.Int64BitsToDouble((long)ReadUInt64());
            case 's': return ReadString();
            case 'o':
                var path = ReadString();
                return DBusSignature.IsValidObjectPath(path) ? new ObjectPath(path) : throw new BusProtocolException($"invalid object path '{path}'");
            case 'g':
                var sig = ReadSignature();
                return DBusSignature.IsValid(sig) ? new Signature(sig) : throw new BusProtocolException($"invalid signature '{sig}'");
            case 'v':
                var inner = ReadSignature();
                if (!DBusSignature.IsSingleCompleteType(inner))
                    throw new BusProtocolException($"variant signature '{inner}' is not a single complete type");
                if (++_variantDepth > MaxVariantDepth)
                    throw new BusProtocolException("variants nested too deeply");
                var value = ReadValue(inner);
                _variantDepth--;
                return new Variant(inner, value);
            case '(':
                Align(8);
                var fieldTypes = DBusSignature.Fields(type);
                var fields = new object[fieldTypes.Count];
                for (var i = 0; i < fields.Length; i++)
                    fields[i] = ReadValue(fieldTypes[i]);
                return new DBusStruct(fields);
            case 'a':
                return ReadArray(type[1..]);
            default:
                throw new BusProtocolException($"cannot read type '{type}'");
        }
    }

    private DBusArray ReadArray(string elementType)
    {
        var length = ReadUInt32();
        if (length > MaxArrayBytes)
            throw new BusProtocolException($"array length {length} exceeds 64 MiB");
        Align(DBusSignature.Alignment(elementType[0]));
        var end = _position + (int)length;
        if (end > _data.Length)
            throw new BusProtocolException("array extends past the end of the message");
        var items = new List<object>();
        var isDict = elementType[0] == '{';
        var entryTypes = isDict ? DBusSignature.Fields(elementType) : null;
        while (_position < end)
        {
            if (isDict)
            {
                Align(8);
                var key = ReadValue(entryTypes![0]);
                var value = ReadValue(entryTypes[1]);
                items.Add(new DBusDictEntry(key, value));
            }
            else
            {
                items.Add(ReadValue(elementType));
            }
        }
        if (_position != end)
            throw new BusProtocolException("array elements overrun the array length");
        return new DBusArray(elementType, items);
    }

    public void Align(int alignment)
    {
        var absolute = _baseOffset + _position;
        var padded = (absolute + alignment - 1) & ~(alignment - 1);
        var count = padded - absolute;
        var padding = Take(count);
        foreach (var p in padding)
        {
            if (p != 0)
                throw new BusProtocolException("non-zero alignment padding");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _data.Length)
            throw new BusProtocolException("value extends past the end of the message");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte() => Take(1)[0];

    private ushort ReadUInt16()
    {
        Align(2);
        var span = Take(2);
        return _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32()
    {
        Align(4);
        var span = Take(4);
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    private ulong ReadUInt64()
    {
        Align(8);
        var span = Take(8);
        return _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    private string ReadString()
    {
        var length = ReadUInt32();
        if (length > int.MaxValue - 1)
            throw new BusProtocolException("string too long");
        var bytes = Take((int)length + 1);
        if (bytes[^1] != 0)
            throw new BusProtocolException("string is not NUL-terminated");
        var text = bytes[..^1];
        if (text.Contains((byte)0))
            throw new BusProtocolException("string contains a NUL byte");
        try
        {
            return StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new BusProtocolException("string is not valid UTF-8");
        }
    }

    private string ReadSignature()
    {
        var length = ReadByte();
        var bytes = Take(length + 1);
        if (bytes[^1] != 0)
            throw new BusProtocolException("signature is not NUL-terminated");
        foreach (var c in bytes[..^1])
        {
            if (c is 0 or > 127)
                throw new BusProtocolException("signature contains a non-ASCII byte");
        }
        return Encoding.ASCII.GetString(bytes[..^1]);
    }
}

/// <summary>Bytes received from a peer break the D-Bus wire format; the connection is closed.</summary>
public sealed class BusProtocolException(string message) : Exception(message);
