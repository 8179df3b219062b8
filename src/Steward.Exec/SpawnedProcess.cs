using System.Text;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>A started process. Its exit is reported by <see cref="ChildReaper"/>; what the executor said before
/// exec (warnings, or the failure behind a 2xx exit status) is read with <see cref="ReadReport"/>.</summary>
public sealed class SpawnedProcess : IDisposable
{
    private readonly object _gate = new();
    private int _reportFd;
    private ExecReport? _report;

    internal SpawnedProcess(int pid, int reportFd, bool viaExecutor)
    {
        Pid = pid;
        _reportFd = reportFd;
        ViaExecutor = viaExecutor;
        if (reportFd < 0)
        {
            _report = ExecReport.Empty;
        }
    }

    /// <summary>The process id; with NewSession also its process group and session id.</summary>
    public int Pid { get; }

    /// <summary>Whether the executor ran (false: spawned directly).</summary>
    public bool ViaExecutor { get; }

    /// <summary>Waits until the executor exec'd the service or exited, and returns what it reported. Returns at
    /// once after the reaper reported the exit; otherwise it blocks for the executor's start-up (about a
    /// millisecond). Idempotent; closes the report pipe.</summary>
    public ExecReport ReadReport()
    {
        lock (_gate)
        {
            if (_report is not null)
            {
                return _report;
            }

            try
            {
                _report = ExecReportCodec.Decode(Fds.ReadToEnd(_reportFd));
            }
            catch (IOException e)
            {
                _report = new ExecReport([$"Failed to read the executor's report: {e.Message}"], null);
            }
            finally
            {
                Libc.close(_reportFd);
                _reportFd = -1;
            }

            return _report;
        }
    }

    /// <summary><see cref="ReadReport"/> on the thread pool.</summary>
    public Task<ExecReport> ReadReportAsync() => _report is { } done ? Task.FromResult(done) : Task.Run(ReadReport);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_reportFd >= 0)
            {
                Libc.close(_reportFd);
                _reportFd = -1;
                _report ??= ExecReport.Empty;
            }
        }
    }
}

/// <summary>The report pipe's records: 'W' + string (a warning), 'F' + status, step, errno, optional message.</summary>
internal static class ExecReportCodec
{
    public static byte[] Warning(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)'W');
            writer.Write(text);
        }

        return buffer.ToArray();
    }

    public static byte[] Failure(ExecFailure failure)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)'F');
            writer.Write(failure.ExitStatus);
            writer.Write(failure.Step);
            writer.Write(failure.Errno);
            writer.Write(failure.Message is not null);
            if (failure.Message is not null)
            {
                writer.Write(failure.Message);
            }
        }

        return buffer.ToArray();
    }

    public static ExecReport Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ExecReport.Empty;
        }

        var warnings = new List<string>();
        ExecFailure? failure = null;
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        try
        {
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                switch ((char)reader.ReadByte())
                {
                    case 'W':
                        warnings.Add(reader.ReadString());
                        break;
                    case 'F':
                        int status = reader.ReadInt32();
                        string step = reader.ReadString();
                        int errno = reader.ReadInt32();
                        string? message = reader.ReadBoolean() ? reader.ReadString() : null;
                        failure = new ExecFailure(status, step, errno, message);
                        break;
                    default:
                        warnings.Add("The executor's report is malformed");
                        return new ExecReport(warnings, failure);
                }
            }
        }
        catch (EndOfStreamException)
        {
            warnings.Add("The executor's report is truncated");
        }

        return new ExecReport(warnings, failure);
    }
}
