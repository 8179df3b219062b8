using System.Text;
using Steward.Manager.Definitions;

namespace Steward.Manager.Units;

/// <summary>The environment a service's command gets (man systemd.exec "Environment Variables in Spawned
/// Processes"), and the <c>$VAR</c>/<c>${VAR}</c> expansion of its command line.</summary>
internal static class ServiceEnvironment
{
    public static List<string> Build(ServiceUnit unit, string directive)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string assignment)
        {
            int eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return;
            }

            string key = assignment[..eq];
            if (!env.ContainsKey(key))
            {
                order.Add(key);
            }

            env[key] = assignment[(eq + 1)..];
        }

        foreach (string e in unit.Manager.Environment)
        {
            Set(e);
        }

        ExecContextDefinition c = unit.Service.Context;
        foreach (string name in c.PassEnvironment)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                Set($"{name}={value}");
            }
        }

        foreach (string e in c.Environment)
        {
            Set(e);
        }

        foreach (string file in c.EnvironmentFiles)
        {
            foreach (string assignment in ReadEnvironmentFile(file))
            {
                Set(assignment);
            }
        }

        if (unit.InvocationId != Guid.Empty)
        {
            Set("INVOCATION_ID=" + unit.InvocationId.ToString("N"));
        }

        if (c.User is { } user && UserDatabase.Find(user) is { } account)
        {
            Set("USER=" + account.Name);
            Set("LOGNAME=" + account.Name);
            Set("HOME=" + account.Home);
            Set("SHELL=" + account.Shell);
        }

        if (unit.Service.Type == ServiceType.Notify || unit.Service.NotifyAccess != NotifyAccess.None)
        {
            Set("NOTIFY_SOCKET=" + unit.Manager.Options.Physical("/run/systemd/notify"));
        }

        if (directive != "ExecStart" && unit.MainPid > 0)
        {
            Set("MAINPID=" + unit.MainPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (directive is "ExecStop" or "ExecStopPost")
        {
            Set("SERVICE_RESULT=" + ServiceStates.Name(unit.Result));
            if (unit.ExecMain.Exited)
            {
                Set("EXIT_CODE=" + unit.ExecMain.Code.ToString().ToLowerInvariant());
                Set("EXIT_STATUS=" + (unit.ExecMain.Code == Engine.ExitCode.Exited
                    ? unit.ExecMain.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : ExitStatusText.Signal(unit.ExecMain.Status)));
            }
        }

        foreach (string name in c.UnsetEnvironment)
        {
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 ? env.TryGetValue(name[..eq], out string? v) && v == name[(eq + 1)..] : env.ContainsKey(name))
            {
                env.Remove(eq > 0 ? name[..eq] : name);
            }
        }

        return [.. order.Where(env.ContainsKey).Select(k => $"{k}={env[k]}")];
    }

    /// <summary>Reads KEY=VALUE lines (comments with # or ;, quotes, backslash continuation); a leading "-" on
    /// the path means a missing file is fine.</summary>
    private static IEnumerable<string> ReadEnvironmentFile(string spec)
    {
        string path = spec.TrimStart('-');
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (string raw in text.Replace("\\\n", "", StringComparison.Ordinal).Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\''))
            {
                value = value[1..^1];
                if (line[eq + 1] == '"')
                {
                    value = value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                }
            }

            yield return $"{key}={value}";
        }
    }

    /// <summary><c>${VAR}</c> is replaced inside a word; a word that is exactly <c>$VAR</c> becomes the
    /// variable's whitespace-separated words (none if unset); <c>$$</c> is a literal dollar.</summary>
    public static IReadOnlyList<string> ExpandArguments(IReadOnlyList<string> arguments, IReadOnlyList<string> environment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string e in environment)
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            env[e[..eq]] = e[(eq + 1)..];
        }

        var result = new List<string>(arguments.Count);
        for (int i = 0; i < arguments.Count; i++)
        {
            string arg = arguments[i];
            if (i > 0 && arg.Length > 1 && arg[0] == '$' && arg[1] != '{' && arg[1] != '$' && IsName(arg.AsSpan(1)))
            {
                if (env.TryGetValue(arg[1..], out string? value))
                {
                    result.AddRange(value.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
                }

                continue;
            }

            result.Add(ExpandInline(arg, env));
        }

        return result;
    }

    private static string ExpandInline(string text, Dictionary<string, string> env)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                builder.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' && text.IndexOf('}', i + 2) is int end and > 0)
            {
                builder.Append(env.GetValueOrDefault(text[(i + 2)..end], ""));
                i = end;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return name.Length > 0;
    }
}

/// <summary>Accounts from the host's /etc/passwd (services run on the host).</summary>
internal static class UserDatabase
{
    public sealed record Account(string Name, uint Uid, uint Gid, string Home, string Shell);

    public static Account? Find(string nameOrId)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length >= 7 && (f[0] == nameOrId || f[2] == nameOrId) && uint.TryParse(f[2], out uint uid) && uint.TryParse(f[3], out uint gid))
                {
                    return new Account(f[0], uid, gid, f[5], f[6]);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
