using System.Text;
using Steward.Units.Names;

namespace Steward.Units.Loading;

/// <summary>
/// The %-specifiers of man systemd.unit ("Specifiers") that can be resolved without a running
/// manager: those derived from the unit's name and file, and those read from files under the root
/// (machine-id, os-release, hostname). Unknown specifiers are an error, as in systemd.
/// </summary>
public sealed class Specifiers
{
    private readonly string _unitName;
    private readonly string? _fragmentPath;
    private readonly UnitFileSystem? _fileSystem;

    public Specifiers(string unitName, string? fragmentPath = null, UnitFileSystem? fileSystem = null)
    {
        _unitName = unitName;
        _fragmentPath = fragmentPath;
        _fileSystem = fileSystem;
    }

    /// <summary>Expands every specifier of <paramref name="text"/>; null with <paramref name="error"/> set
    /// when one is unknown or cannot be resolved.</summary>
    public string? Expand(string text, out string? error)
    {
        error = null;
        if (!text.Contains('%'))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                output.Append(text[i]);
                continue;
            }

            if (i + 1 >= text.Length)
            {
                error = "Invalid argument";
                return null;
            }

            char c = text[++i];
            string? value = Resolve(c);
            if (value is null)
            {
                error = "Invalid slot";
                return null;
            }

            output.Append(value);
        }

        return output.ToString();
    }

    private string? Resolve(char c)
    {
        var parts = UnitNames.Split(_unitName);
        string prefix = parts?.Prefix ?? _unitName;
        string instance = parts?.Instance ?? "";
        return c switch
        {
            '%' => "%",
            'n' => _unitName,
            'N' => parts is null ? _unitName : (parts.Value.Instance is null ? prefix : $"{prefix}@{instance}"),
            'p' => prefix,
            'P' => Unescaped(prefix),
            'i' => instance,
            'I' => Unescaped(instance),
            'j' => prefix.Contains('-') ? prefix[(prefix.LastIndexOf('-') + 1)..] : prefix,
            'J' => Unescaped(prefix.Contains('-') ? prefix[(prefix.LastIndexOf('-') + 1)..] : prefix),
            'f' => "/" + Unescaped(instance.Length > 0 ? instance : prefix).TrimStart('/'),
            'y' => _fragmentPath,
            'Y' => _fragmentPath is null ? null : UnitSearchPaths.ParentOf(_fragmentPath),
            'm' => FirstLine("/etc/machine-id"),
            'H' => FirstLine("/etc/hostname") ?? Environment.MachineName,
            'l' => (FirstLine("/etc/hostname") ?? Environment.MachineName).Split('.')[0],
            'o' => OsRelease("ID"),
            'w' => OsRelease("VERSION_ID"),
            'W' => OsRelease("VARIANT_ID"),
            'B' => OsRelease("BUILD_ID"),
            'M' => OsRelease("IMAGE_ID"),
            'A' => OsRelease("IMAGE_VERSION"),
            'T' => "/tmp",
            'V' => "/var/tmp",
            'u' => "root",
            'U' => "0",
            'g' => "root",
            'G' => "0",
            'h' => "/root",
            's' => "/bin/sh",
            't' => "/run",
            'S' => "/var/lib",
            'C' => "/var/cache",
            'L' => "/var/log",
            'E' => "/etc",
            _ => null,
        };
    }

    private static string Unescaped(string text)
    {
        byte[]? bytes = UnitNameEscaping.Unescape(Encoding.UTF8.GetBytes(text));
        return bytes is null ? text : Encoding.UTF8.GetString(bytes);
    }

    private string? FirstLine(string path)
    {
        byte[]? bytes = _fileSystem?.ReadAll(path) ?? (_fileSystem is null ? TryRead(path) : null);
        if (bytes is null)
        {
            return null;
        }

        string line = Encoding.UTF8.GetString(bytes).Split('\n')[0].Trim();
        return line.Length == 0 ? null : line;
    }

    // os-release values may be missing; systemd then expands to the empty string.
    private string OsRelease(string key)
    {
        foreach (string path in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            byte[]? bytes = _fileSystem?.ReadAll(path) ?? (_fileSystem is null ? TryRead(path) : null);
            if (bytes is null)
            {
                continue;
            }

            foreach (string line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (line.StartsWith(key + "=", StringComparison.Ordinal))
                {
                    return line[(key.Length + 1)..].Trim().Trim('"', '\'');
                }
            }

            return "";
        }

        return "";
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
