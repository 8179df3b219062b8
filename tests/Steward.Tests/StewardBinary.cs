using System.Diagnostics;

namespace Steward.Tests;

/// <summary>Runs the published NativeAOT binary (STEWARD_BINARY, set by test.sh, or out/steward in the
/// repository) and real systemd tools, capturing stdout, stderr and the exit status.</summary>
public static class StewardBinary
{
    public static string Path
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable("STEWARD_BINARY");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            string dir = AppContext.BaseDirectory;
            while (!File.Exists(System.IO.Path.Combine(dir, "Steward.slnx")))
            {
                dir = System.IO.Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
            }

            string candidate = System.IO.Path.Combine(dir, "out", "steward");
            return File.Exists(candidate) ? candidate : throw new InvalidOperationException("build the binary first: dotnet publish src/Steward -c Release -o out");
        }
    }

    public static ProcessResult Run(params string[] args) => Exec(Path, args);

    /// <summary>Runs the binary under another argv[0] (a symlink in a temporary directory), as the multi-call dispatch sees it.</summary>
    public static ProcessResult RunAs(string argv0, params string[] args)
    {
        string dir = Directory.CreateTempSubdirectory("steward-multicall-").FullName;
        try
        {
            string link = System.IO.Path.Combine(dir, argv0);
            File.CreateSymbolicLink(link, Path);
            return Exec(link, args);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static ProcessResult Exec(string file, params string[] args) => Exec(file, new Dictionary<string, string>(), args);

    /// <summary>Runs <paramref name="file"/> with extra environment variables (TZ for the time tests).</summary>
    public static ProcessResult Exec(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (KeyValuePair<string, string> pair in environment)
        {
            info.Environment[pair.Key] = pair.Value;
        }

        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        Task o = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task e = process.StandardError.BaseStream.CopyToAsync(stderr);
        process.WaitForExit();
        Task.WaitAll(o, e);
        return new ProcessResult(process.ExitCode, stdout.ToArray(), stderr.ToArray());
    }
}

public sealed record ProcessResult(int ExitCode, byte[] StdoutBytes, byte[] StderrBytes)
{
    public string Stdout => System.Text.Encoding.UTF8.GetString(StdoutBytes);

    public string Stderr => System.Text.Encoding.UTF8.GetString(StderrBytes);
}
