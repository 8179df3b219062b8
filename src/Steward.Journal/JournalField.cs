using System.Text;

namespace Steward.Journal;

/// <summary>One field of an entry to append: a name (A–Z, 0–9, '_') and arbitrary bytes.</summary>
public readonly record struct JournalField(string Name, byte[] Value)
{
    public static JournalField Text(string name, string value) => new(name, Encoding.UTF8.GetBytes(value));

    /// <summary>NAME=value, the payload stored in a data object.</summary>
    internal byte[] ToPayload()
    {
        var payload = new byte[Name.Length + 1 + Value.Length];
        for (var i = 0; i < Name.Length; i++)
        {
            payload[i] = (byte)Name[i];
        }

        payload[Name.Length] = (byte)'=';
        Value.CopyTo(payload, Name.Length + 1);
        return payload;
    }
}
