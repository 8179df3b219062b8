using System.Text.Json;
using Steward.Bus;

namespace Steward.Cli.Tests.Runtime;

/// <summary>
/// Reads what <c>busctl --json=short</c> prints (<c>{"type":SIG,"data":[...]}</c>) into the D-Bus value model, so the
/// goldens can keep the oracle's own output as their input. Uses JsonDocument only (no reflection).
/// </summary>
internal static class BusctlJson
{
    /// <summary>The reply of a method call: its signature and the list of out values.</summary>
    public static (string Signature, IReadOnlyList<object> Values) ReadReply(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        string sig = doc.RootElement.GetProperty("type").GetString()!;
        JsonElement data = doc.RootElement.GetProperty("data");
        List<string> types = SplitSignature(sig);
        var values = new List<object>();
        int i = 0;
        foreach (JsonElement item in data.EnumerateArray())
        {
            values.Add(Convert(types[i++], item));
        }

        return (sig, values);
    }

    /// <summary>A GetAll reply as the ordered property list it was sent in.</summary>
    public static List<KeyValuePair<string, Variant>> ReadProperties(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return ReadVariantMap(doc.RootElement.GetProperty("data")[0]);
    }

    /// <summary>A map of name to <c>{"type","data"}</c>, in document order.</summary>
    public static List<KeyValuePair<string, Variant>> ReadVariantMap(JsonElement map)
    {
        var result = new List<KeyValuePair<string, Variant>>();
        foreach (JsonProperty p in map.EnumerateObject())
        {
            string sig = p.Value.GetProperty("type").GetString()!;
            result.Add(new(p.Name, new Variant(sig, Convert(sig, p.Value.GetProperty("data")))));
        }

        return result;
    }

    public static object Convert(string sig, JsonElement e)
    {
        switch (sig[0])
        {
            case 'y': return e.GetByte();
            case 'b': return e.GetBoolean();
            case 'n': return e.GetInt16();
            case 'q': return e.GetUInt16();
            case 'i': return e.GetInt32();
            case 'h': return e.GetInt32();
            case 'u': return e.GetUInt32();
            case 'x': return e.GetInt64();
            case 't': return e.GetUInt64();
            case 'd': return e.GetDouble();
            case 's': return e.GetString()!;
            case 'o': return new ObjectPath(e.GetString()!);
            case 'g': return new Signature(e.GetString()!);
            case 'v':
                {
                    string inner = e.GetProperty("type").GetString()!;
                    return new Variant(inner, Convert(inner, e.GetProperty("data")));
                }

            case 'a' when sig[1] == '{':
                {
                    List<string> kv = SplitSignature(sig[2..^1]);
                    var items = new List<object>();
                    foreach (JsonProperty p in e.EnumerateObject())
                    {
                        object key = kv[0] == "s" ? p.Name : Convert(kv[0], JsonDocument.Parse(p.Name).RootElement);
                        items.Add(new DBusDictEntry(key, Convert(kv[1], p.Value)));
                    }

                    return new DBusArray(sig[1..], items);
                }

            case 'a':
                {
                    string element = sig[1..];
                    var items = new List<object>();
                    foreach (JsonElement item in e.EnumerateArray())
                    {
                        items.Add(Convert(element, item));
                    }

                    return new DBusArray(element, items);
                }

            case '(':
                {
                    List<string> fields = SplitSignature(sig[1..^1]);
                    var values = new object[fields.Count];
                    int i = 0;
                    foreach (JsonElement item in e.EnumerateArray())
                    {
                        values[i] = Convert(fields[i], item);
                        i++;
                    }

                    return new DBusStruct(values);
                }

            default:
                throw new FormatException($"unsupported signature {sig}");
        }
    }

    /// <summary>Splits a signature into its complete types.</summary>
    public static List<string> SplitSignature(string sig)
    {
        var result = new List<string>();
        int p = 0;
        while (p < sig.Length)
        {
            int start = p;
            p = SkipType(sig, p);
            result.Add(sig[start..p]);
        }

        return result;
    }

    private static int SkipType(string sig, int p)
    {
        switch (sig[p])
        {
            case 'a':
                return SkipType(sig, p + 1);
            case '(':
            case '{':
                {
                    char close = sig[p] == '(' ? ')' : '}';
                    p++;
                    while (sig[p] != close)
                    {
                        p = SkipType(sig, p);
                    }

                    return p + 1;
                }

            default:
                return p + 1;
        }
    }
}
