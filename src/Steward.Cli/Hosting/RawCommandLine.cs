namespace Steward.Cli.Hosting;

/// <summary>
/// The process's arguments as the kernel passed them. .NET decodes argv as UTF-8 and replaces invalid
/// bytes; /proc/self/cmdline keeps them, and argv[0] as invoked (which selects the tool of the
/// multi-call binary). Falls back to .NET's view when /proc is unavailable.
/// </summary>
public static class RawCommandLine
{
    public static (string Argv0, IReadOnlyList<string> Args) Read(string[] fallbackArgs)
    {
        try
        {
            byte[] raw = File.ReadAllBytes("/proc/self/cmdline");
            var parts = new List<string>();
            int start = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] == 0)
                {
                    parts.Add(SurrogateEscape.Decode(raw.AsSpan(start, i - start)));
                    start = i + 1;
                }
            }

            // The kernel truncates nothing, but be strict: only trust it when it agrees in count.
            if (parts.Count == fallbackArgs.Length + 1)
            {
                return (parts[0], parts.Skip(1).ToArray());
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return (Environment.GetCommandLineArgs().FirstOrDefault() ?? "steward", fallbackArgs);
    }
}
