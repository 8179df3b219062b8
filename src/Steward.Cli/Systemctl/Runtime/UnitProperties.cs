using Steward.Bus;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>Typed reads of a property map as GetAll returns it; a missing or differently typed property reads as
/// its empty value, so a formatter never throws on an older or partial reply.</summary>
internal readonly struct UnitProperties(IReadOnlyDictionary<string, Variant> map)
{
    public string String(string name) => map.TryGetValue(name, out Variant? v) && v.Value is string s ? s : "";

    public ulong UInt64(string name, ulong missing = 0) => map.TryGetValue(name, out Variant? v) && v.Value is ulong t ? t : missing;

    public uint UInt32(string name) => map.TryGetValue(name, out Variant? v) && v.Value is uint u ? u : 0;

    public int Int32(string name) => map.TryGetValue(name, out Variant? v) && v.Value is int i ? i : 0;

    public bool Boolean(string name) => map.TryGetValue(name, out Variant? v) && v.Value is bool b && b;

    public IReadOnlyList<string> Strings(string name) =>
        map.TryGetValue(name, out Variant? v) && v.Value is DBusArray { ElementSignature: "s" } a ? a.Items.Select(i => (string)i).ToList() : [];

    public IReadOnlyList<IReadOnlyList<object>> Structs(string name, string signature) =>
        map.TryGetValue(name, out Variant? v) && v.Signature == signature && v.Value is DBusArray a
            ? a.Items.Select(i => ((DBusStruct)i).Fields).ToList()
            : [];

    public IReadOnlyList<object> Struct(string name) =>
        map.TryGetValue(name, out Variant? v) && v.Value is DBusStruct s ? s.Fields : [];
}
