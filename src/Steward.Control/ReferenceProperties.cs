using System.Reflection;
using System.Text.Json;
using Steward.Bus;

namespace Steward.Control;

/// <summary>One property of an interface: its name, D-Bus signature, and the value real systemd reported.</summary>
public sealed record ReferenceProperty(string Name, string Signature, object Value);

/// <summary>
/// The property lists of systemd 252's interfaces, read from the embedded GetAll replies: names in
/// reply order, signatures, and default values.
/// </summary>
public static class ReferenceProperties
{
    private static readonly Dictionary<string, IReadOnlyList<ReferenceProperty>> Cache = new(StringComparer.Ordinal);

    /// <summary>Properties of <paramref name="resource"/> (unit, service, target, slice, manager).</summary>
    public static IReadOnlyList<ReferenceProperty> Of(string resource)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(resource, out IReadOnlyList<ReferenceProperty>? list))
            {
                list = Load(resource);
                Cache[resource] = list;
            }

            return list;
        }
    }

    private static List<ReferenceProperty> Load(string resource)
    {
        using Stream stream = typeof(ReferenceProperties).Assembly.GetManifestResourceStream(resource + ".json")
            ?? throw new InvalidOperationException($"missing resource {resource}.json");
        using JsonDocument document = JsonDocument.Parse(stream);
        var result = new List<ReferenceProperty>();
        foreach (JsonElement entry in document.RootElement.GetProperty("data").EnumerateArray())
        {
            foreach (JsonProperty property in entry.EnumerateObject())
            {
                string signature = property.Value.GetProperty("type").GetString()!;
                result.Add(new ReferenceProperty(property.Name, signature, FromJson(signature, property.Value.GetProperty("data"))));
            }
        }

        return result;
    }

    /// <summary>busctl's JSON for a value of <paramref name="signature"/> in the shared value model.</summary>
    public static object FromJson(string signature, JsonElement data)
    {
        switch (signature[0])
        {
            case 's':
                return data.GetString() ?? "";
            case 'o':
                return new ObjectPath(data.GetString() ?? "/");
            case 'g':
                return new Signature(data.GetString() ?? "");
            case 'b':
                return data.GetBoolean();
            case 'y':
                return data.GetByte();
            case 'n':
                return data.GetInt16();
            case 'q':
                return data.GetUInt16();
            case 'i':
            case 'h':
                return data.GetInt32();
            case 'u':
                return data.GetUInt32();
            case 'x':
                return data.GetInt64();
            case 't':
                return data.GetUInt64();
            case 'd':
                return data.GetDouble();
            case 'v':
                string inner = data.GetProperty("type").GetString()!;
                return new Variant(inner, FromJson(inner, data.GetProperty("data")));
            case 'a':
                string element = signature[1..];
                if (element.StartsWith('{'))
                {
                    string key = element[1..2];
                    string value = element[2..^1];
                    var entries = new List<object>();
                    foreach (JsonProperty p in data.EnumerateObject())
                    {
                        entries.Add(new DBusDictEntry(key == "s" ? p.Name : FromJson(key, JsonDocument.Parse(p.Name).RootElement), FromJson(value, p.Value)));
                    }

                    return new DBusArray(element, entries);
                }

                return new DBusArray(element, [.. data.EnumerateArray().Select(e => FromJson(element, e))]);
            case '(':
                List<string> fields = SignatureParts.Split(signature[1..^1]);
                var values = new List<object>();
                int i = 0;
                foreach (JsonElement e in data.EnumerateArray())
                {
                    values.Add(FromJson(fields[i++], e));
                }

                return new DBusStruct(values);
            default:
                throw new FormatException($"unsupported signature {signature}");
        }
    }
}

/// <summary>Splits a signature into its complete types (<c>sa(ss)b</c> → s, a(ss), b).</summary>
public static class SignatureParts
{
    public static List<string> Split(string signature)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < signature.Length)
        {
            int end = EndOf(signature, i);
            parts.Add(signature[i..end]);
            i = end;
        }

        return parts;
    }

    private static int EndOf(string s, int i)
    {
        if (s[i] == 'a')
        {
            return EndOf(s, i + 1);
        }

        if (s[i] is '(' or '{')
        {
            char close = s[i] == '(' ? ')' : '}';
            int depth = 0;
            for (int j = i; j < s.Length; j++)
            {
                if (s[j] is '(' or '{')
                {
                    depth++;
                }
                else if (s[j] is ')' or '}')
                {
                    depth--;
                    if (depth == 0 && s[j] == close)
                    {
                        return j + 1;
                    }
                }
            }

            return s.Length;
        }

        return i + 1;
    }
}
