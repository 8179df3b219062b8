using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Steward.Bus;

/// <summary>Marshals values of the value model in little-endian D-Bus wire format, driven by a
/// signature. Offsets are relative to the start of the buffer, which must sit on an 8-byte
/// boundary of the message (true for both the header and the body).</summary>
internal sealed class WireWriter
{
    private const int MaxArrayBytes = 64 * 1024 * 1024;
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => Written.ToArray();

    /// <summary>Writes <paramref name="values"/> as the complete types of <paramref name="signature"/>.</summary>
    public void WriteValues(string signature, IReadOnlyList<object> values)
    {
        var types = DBusSignature.Split(signature);
        if (types.Count != values.Count)
            throw new BusMarshalException($"signature '{signature}' has {types.Count} values, {values.Count} given");
        for (var i = 0; i < types.Count; i++)
            WriteValue(types[i], values[i]);
    }

    public void WriteValue(string type, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (type[0])
        {
            case 'y': WriteByte(Expect<byte>(type, value)); break;
            case 'b': WriteUInt32(Expect<bool>(type, value) ? 1u : 0u); break;
            case 'n': Align(2); WriteRaw16((ushort)Expect<short>(type, value)); break;
            case 'q': Align(2); WriteRaw16(Expect<ushort>(type, value)); break;
            case 'i' or 'h': WriteUInt32((uint)Expect<int>(type, value)); break;
            case 'u': WriteUInt32(Expect<uint>(type, value)); break;
            case 'x': WriteUInt64((ulong)Expect<long>(type, value)); break;
            case 't': WriteUInt64(Expect<ulong>(type, value)); break;
            case 'd': WriteUInt64((ulong)BitConverter.DoubleToInt64Bits(Expect<double>(type, value))); break;
            case 's': WriteString(Expect<string>(type, value)); break;
            case 'o':
                var path = value is ObjectPath op ? op.Value : throw Mismatch(type, value);
                if (!DBusSignature.IsValidObjectPath(path))
                    throw new BusMarshalException($"'{path}' is not a valid object path");
                WriteString(path);
                break;
            case 'g':
                var sig = value is Signature sg ? sg.Value : throw Mismatch(type, value);
                if (!DBusSignature.IsValid(sig))
                    throw new BusMarshalException($"'{sig}' is not a valid signature");
                WriteSignature(sig);
                break;
            case 'v':
                var variant = value as Variant ?? throw Mismatch(type, value);
                if (!DBusSignature.IsSingleCompleteType(variant.Signature))
                    throw new BusMarshalException($"variant signature '{variant.Signature}' is not a single complete type");
                WriteSignature(variant.Signature);
                WriteValue(variant.Signature, variant.Value);
                break;
            case '(':
                var fields = value is DBusStruct st ? st.Fields : throw Mismatch(type, value);
                var fieldTypes = DBusSignature.Fields(type);
                if (fieldTypes.Count != fields.Count)
                    throw new BusMarshalException($"struct '{type}' has {fieldTypes.Count} fields, {fields.Count} given");
                Align(8);
                for (var i = 0; i < fields.Count; i++)
                    WriteValue(fieldTypes[i], fields[i]);
                break;
            case 'a':
                WriteArray(type, value);
                break;
            default:
                throw new BusMarshalException($"cannot write type '{type}'");
        }
    }

    private void WriteArray(string type, object value)
    {
        var elementType = type[1..];
        IEnumerable items = value switch
        {
            DBusArray array when array.ElementSignature == elementType => array.Items,
            DBusArray array => throw new BusMarshalException($"array of '{array.ElementSignature}' given for '{type}'"),
            string => throw Mismatch(type, value),
            IEnumerable enumerable => enumerable,
            _ => throw Mismatch(type, value),
        };
        Align(4);
        var lengthAt = _length;
        WriteRaw32(0);
        Align(DBusSignature.Alignment(elementType[0]));
        var start = _length;
        var isDict = elementType[0] == '{';
        var entryTypes = isDict ? DBusSignature.Fields(elementType) : null;
        foreach (var item in items)
        {
            if (isDict)
            {
                var entry = item switch
                {
                    DBusDictEntry e => e,
                    _ => throw Mismatch(elementType, item),
                };
                Align(8);
                WriteValue(entryTypes![0], entry.Key);
                WriteValue(entryTypes[1], entry.Value);
            }
            else
            {
                WriteValue(elementType, item);
            }
            if (_length - start > MaxArrayBytes)
                throw new BusMarshalException("array longer than 64 MiB");
        }
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(lengthAt), (uint)(_length - start));
    }

    private static T Expect<T>(string type, object value) => value is T t ? t : throw Mismatch(type, value);

    private static BusMarshalException Mismatch(string type, object value) =>
        new($"value of type {value.GetType().Name} given for D-Bus type '{type}'");

    public void Align(int alignment)
    {
        var padded = (_length + alignment - 1) & ~(alignment - 1);
        Ensure(padded - _length);
        _buffer.AsSpan(_length, padded - _length).Clear();
        _length = padded;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void WriteRaw16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void WriteRaw32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteUInt32(uint value)
    {
        Align(4);
        WriteRaw32(value);
    }

    private void WriteUInt64(ulong value)
    {
        Align(8);
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void WriteString(string value)
    {
        if (value.Contains('\0'))
            throw new BusMarshalException("strings cannot contain NUL characters");
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)byteCount);
        Ensure(byteCount + 1);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _length += byteCount;
        _buffer[_length++] = 0;
    }

    private void WriteSignature(string value)
    {
        WriteByte((byte)value.Length);
        Ensure(value.Length + 1);
        Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_length));
        _length += value.Length;
        _buffer[_length++] = 0;
    }

    /// <summary>Appends raw bytes (an already marshalled body).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
            return;
        var size = Math.Max(_buffer.Length * 2, _length + extra);
        Array.Resize(ref _buffer, size);
    }
}

/// <summary>A value does not match the signature it is marshalled as (a programming error of the caller).</summary>
public sealed class BusMarshalException(string message) : Exception(message);
