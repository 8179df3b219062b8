using System.Globalization;

namespace Steward.Cli.Systemctl.Runtime;

/// <summary>Sizes as systemd prints them: <c>512B</c>, <c>1.5K</c>, <c>12.3M</c> (powers of 1024, one decimal,
/// truncated).</summary>
internal static class Bytes
{
    private static readonly string[] Suffixes = ["E", "P", "T", "G", "M", "K"];

    public static string Format(ulong bytes)
    {
        for (int i = 0; i < Suffixes.Length; i++)
        {
            ulong factor = 1UL << (10 * (Suffixes.Length - i));
            if (bytes >= factor)
            {
                ulong whole = bytes / factor;
                ulong tenth = (ulong)((UInt128)bytes * 10 / factor % 10);
                return $"{whole.ToString(CultureInfo.InvariantCulture)}.{tenth.ToString(CultureInfo.InvariantCulture)}{Suffixes[i]}";
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
