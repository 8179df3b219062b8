namespace Steward.Bus;

// The value model every layer uses for D-Bus data: basic types are plain CLR values
// (y byte, b bool, n short, q ushort, i int, u uint, x long, t ulong, d double, s string, h int),
// the rest are the records below. Containers carry their element signature so that an empty
// array still marshals with the right type.

/// <summary>A D-Bus object path (<c>o</c>).</summary>
public readonly record struct ObjectPath(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A D-Bus type signature value (<c>g</c>).</summary>
public readonly record struct Signature(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A variant (<c>v</c>): a value with the signature it is marshalled as.</summary>
public sealed record Variant(string Signature, object Value);

/// <summary>A struct (<c>(…)</c>): its fields in order.</summary>
public sealed record DBusStruct(IReadOnlyList<object> Fields)
{
    public DBusStruct(params object[] fields)
        : this((IReadOnlyList<object>)fields)
    {
    }
}

/// <summary>An array (<c>a…</c>); for a dictionary (<c>a{kv}</c>) the items are <see cref="DBusDictEntry"/>.
/// <paramref name="ElementSignature"/> is the signature after the <c>a</c>.</summary>
public sealed record DBusArray(string ElementSignature, IReadOnlyList<object> Items);

/// <summary>One entry of a dictionary array (<c>{kv}</c>).</summary>
public sealed record DBusDictEntry(object Key, object Value);
