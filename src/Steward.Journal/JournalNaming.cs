using System.Globalization;
using System.Security.Cryptography;

namespace Steward.Journal;

/// <summary>The names journald gives rotated and set-aside journal files.</summary>
public static class JournalNaming
{
    /// <summary>
    /// An archived file: <c>system.journal</c> becomes
    /// <c>system@SEQNUMID-HEADSEQNUM-HEADREALTIME.journal</c> (32 hex digits, then two 16-digit hex numbers).
    /// </summary>
    public static string ArchivedPath(string path, Id128 seqnumId, ulong headSeqnum, ulong headRealtime) =>
        string.Create(CultureInfo.InvariantCulture, $"{Stem(path)}@{seqnumId}-{headSeqnum:x16}-{headRealtime:x16}.journal");

    /// <summary>
    /// A file set aside because it was left dirty (online after a crash) or is damaged:
    /// <c>system@REALTIME-RANDOM.journal~</c>, the current time and a random number in 16 hex digits each.
    /// </summary>
    public static string DisposedPath(string path, ulong realtimeNow, ulong random) =>
        string.Create(CultureInfo.InvariantCulture, $"{Stem(path)}@{realtimeNow:x16}-{random:x16}.journal~");

    public static string DisposedPath(string path) =>
        DisposedPath(path, Clocks.RealtimeNow(), BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));

    /// <summary>Reads an archived file name back; false for active, disposed or foreign names.</summary>
    public static bool TryParseArchived(string fileName, out string stem, out Id128 seqnumId, out ulong headSeqnum, out ulong headRealtime)
    {
        stem = string.Empty;
        seqnumId = default;
        headSeqnum = headRealtime = 0;
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(".journal", StringComparison.Ordinal))
        {
            return false;
        }

        var at = name.LastIndexOf('@');
        var rest = name.AsSpan(at + 1, name.Length - at - 1 - ".journal".Length);
        if (at <= 0 || rest.Length != 32 + 1 + 16 + 1 + 16 || rest[32] != '-' || rest[49] != '-')
        {
            return false;
        }

        if (!Id128.TryParse(rest[..32], out seqnumId)
            || !ulong.TryParse(rest.Slice(33, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out headSeqnum)
            || !ulong.TryParse(rest.Slice(50, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out headRealtime))
        {
            return false;
        }

        stem = name[..at];
        return true;
    }

    private static string Stem(string path) =>
        path.EndsWith(".journal", StringComparison.Ordinal) ? path[..^".journal".Length] : path;
}
