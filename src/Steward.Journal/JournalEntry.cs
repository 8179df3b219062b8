using System.Globalization;

namespace Steward.Journal;

/// <summary>One field of an entry as read: the raw NAME=value payload, or why it could not be read.</summary>
public sealed class JournalEntryField
{
    internal JournalEntryField(long dataOffset, byte[]? payload, string? error)
    {
        DataOffset = dataOffset;
        Payload = payload;
        Error = error;
        if (payload is not null)
        {
            var eq = Array.IndexOf(payload, (byte)'=');
            NameLength = eq;
            if (eq < 0 && error is null)
            {
                Error = "data object has no '=' between field name and value";
            }
        }
    }

    public long DataOffset { get; }

    /// <summary>NAME=value; null when <see cref="Error"/> says why it could not be read.</summary>
    public byte[]? Payload { get; }

    public string? Error { get; }

    private int NameLength { get; } = -1;

    public bool IsValid => Error is null && Payload is not null && NameLength >= 0;

    public ReadOnlySpan<byte> NameBytes => IsValid ? Payload.AsSpan(0, NameLength) : default;

    public ReadOnlySpan<byte> Value => IsValid ? Payload.AsSpan(NameLength + 1) : default;

    public string Name => System.Text.Encoding.UTF8.GetString(NameBytes);
}

/// <summary>One entry as read from a journal file.</summary>
public sealed class JournalEntry
{
    internal JournalEntry(long offset, ulong seqnum, ulong realtime, ulong monotonic, Id128 bootId, ulong xorHash, Id128 seqnumId, IReadOnlyList<JournalEntryField> fields)
    {
        Offset = offset;
        Seqnum = seqnum;
        Realtime = realtime;
        Monotonic = monotonic;
        BootId = bootId;
        XorHash = xorHash;
        SeqnumId = seqnumId;
        Fields = fields;
    }

    public long Offset { get; }

    public ulong Seqnum { get; }

    public ulong Realtime { get; }

    public ulong Monotonic { get; }

    public Id128 BootId { get; }

    public ulong XorHash { get; }

    public Id128 SeqnumId { get; }

    public IReadOnlyList<JournalEntryField> Fields { get; }

    /// <summary>The cursor journalctl prints (<c>s=…;i=…;b=…;m=…;t=…;x=…</c>).</summary>
    public string Cursor => string.Create(CultureInfo.InvariantCulture, $"s={SeqnumId};i={Seqnum:x};b={BootId};m={Monotonic:x};t={Realtime:x};x={XorHash:x}");

    /// <summary>The first readable value of a field, or null.</summary>
    public byte[]? Get(string name)
    {
        foreach (var f in Fields)
        {
            if (f.IsValid && f.NameBytes.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(name)))
            {
                return f.Value.ToArray();
            }
        }

        return null;
    }
}

/// <summary>A parsed cursor; any part may be absent.</summary>
public sealed record JournalCursor(Id128? SeqnumId, ulong? Seqnum, Id128? BootId, ulong? Monotonic, ulong? Realtime, ulong? XorHash)
{
    public static JournalCursor? Parse(string text)
    {
        Id128? s = null, b = null;
        ulong? i = null, m = null, t = null, x = null;
        foreach (var part in text.Split(';'))
        {
            if (part.Length < 2 || part[1] != '=')
            {
                return null;
            }

            var v = part.AsSpan(2);
            switch (part[0])
            {
                case 's' when Id128.TryParse(v, out var sid): s = sid; break;
                case 'b' when Id128.TryParse(v, out var bid): b = bid; break;
                case 'i' when TryHex(v, out var n): i = n; break;
                case 'm' when TryHex(v, out var n): m = n; break;
                case 't' when TryHex(v, out var n): t = n; break;
                case 'x' when TryHex(v, out var n): x = n; break;
                default: return null;
            }
        }

        return new JournalCursor(s, i, b, m, t, x);
    }

    private static bool TryHex(ReadOnlySpan<char> v, out ulong n) =>
        ulong.TryParse(v, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n);
}
