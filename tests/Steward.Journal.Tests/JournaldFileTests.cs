using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Steward.Journal.Tests;

/// <summary>A fact that runs only where this machine has journal files written by journald.</summary>
public sealed class MachineJournalsFactAttribute : FactAttribute
{
    public MachineJournalsFactAttribute()
    {
        if (!Journalctl.Available || JournaldFileTests.MachineJournals().Count == 0)
        {
            Skip = "no journald-written files in /var/log/journal or /run/log/journal";
        }
    }
}

/// <summary>A fact that runs only where systemd-journald can be started in private mount and PID namespaces.</summary>
public sealed class JournaldFactAttribute : FactAttribute
{
    public JournaldFactAttribute()
    {
        if (!Journalctl.Available || !Environment.IsPrivilegedProcess || !File.Exists(JournaldFileTests.Journald) || !File.Exists("/usr/bin/unshare"))
        {
            Skip = "needs root, unshare and systemd-journald";
        }
    }
}

/// <summary>Files written by real journald 252: the reader exports them exactly as journalctl does.</summary>
public class JournaldFileTests
{
    public const string Journald = "/lib/systemd/systemd-journald";

    public static IReadOnlyList<string> MachineJournals()
    {
        var found = new List<string>();
        foreach (var dir in new[] { "/var/log/journal", "/run/log/journal" })
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    found.AddRange(Directory.EnumerateFiles(dir, "*.journal*", SearchOption.AllDirectories)
                        .Where(f => f.EndsWith(".journal", StringComparison.Ordinal) || f.EndsWith(".journal~", StringComparison.Ordinal)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static void AssertExportsAsJournalctl(string path)
    {
        var file = JournalFile.Open(path, out var error);
        Assert.True(file is not null, error);
        using var ms = new MemoryStream();
        var problems = JournalExport.WriteAll(file, ms);
        var (_, expected, _) = Journalctl.Run($"--file={path}", "-o", "export");
        if (problems.Count == 0)
        {
            Assert.True(expected.AsSpan().SequenceEqual(ms.ToArray()), $"{path}: export differs from journalctl's");
        }
        else
        {
            // A damaged or XZ-compressed file: what we could read must be a prefix of what journalctl read.
            Assert.True(ms.Length <= expected.Length, string.Join("; ", problems));
        }
    }

    [MachineJournalsFact]
    public void The_machines_own_journal_files_export_as_journalctl_exports_them()
    {
        foreach (var path in MachineJournals().Where(p => new FileInfo(p).Length < 256L * 1024 * 1024).Take(8))
        {
            AssertExportsAsJournalctl(path);
        }
    }

    /// <summary>
    /// Starts systemd-journald in private mount and PID namespaces with its /run/systemd, /run/log (and for
    /// sealing /var/log/journal) bound to scratch directories, sends it native-protocol messages, stops it
    /// and returns the journal files it wrote; null when namespaces or journald are not available here.
    /// </summary>
    private static string[]? RunJournald(TempDir dir, bool seal, int messages)
    {
        foreach (var d in new[] { "run-systemd", "run-log", "var-log-journal" })
        {
            Directory.CreateDirectory(dir.File(d));
        }

        File.WriteAllText(dir.File("journald.conf"), $"[Journal]\nStorage={(seal ? "persistent" : "volatile")}\nSeal={(seal ? "yes" : "no")}\nReadKMsg=no\nForwardToSyslog=no\nForwardToWall=no\nForwardToConsole=no\n");
        var sealing = seal
            ? $"""
              mount --bind {dir.File("var-log-journal")} /var/log/journal
              mkdir -p /var/log/journal/$(cat /etc/machine-id)
              journalctl --setup-keys --force --interval=1h >/dev/null 2>&1
              """
            : "";
        var flush = seal ? "kill -USR1 $J; sleep 0.5" : "";
        var script = $"""
            set -e
            mount --make-rprivate /
            mount --bind {dir.File("run-systemd")} /run/systemd
            mount --bind {dir.File("run-log")} /run/log
            if [ -e /etc/systemd/journald.conf ]; then mount --bind {dir.File("journald.conf")} /etc/systemd/journald.conf; fi
            {sealing}
            mkdir -p /run/systemd/journal
            {Journald} &
            J=$!
            while [ ! -S /run/systemd/journal/socket ]; do sleep 0.05; done
            {flush}
            echo ready
            read line
            kill $J
            wait $J || true
            """;
        var psi = new ProcessStartInfo("unshare", ["--mount", "--pid", "--fork", "--kill-child", "sh", "-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["SYSTEMD_LOG_LEVEL"] = "warning";
        using var p = Process.Start(psi)!;
        try
        {
            _ = p.StandardError.ReadToEndAsync();
            var ready = p.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(15)) || ready.Result != "ready")
            {
                return null; // unshare or journald refused to run here (no namespaces in this container).
            }

            var socketPath = dir.File("run-systemd/journal/socket");
            using (var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
            {
                var endpoint = new UnixDomainSocketEndPoint(socketPath);
                for (var i = 0; i < messages; i++)
                {
                    using var msg = new MemoryStream();
                    msg.Write(Encoding.UTF8.GetBytes($"MESSAGE=native {i} ü\nPRIORITY={i % 8}\nSYSLOG_IDENTIFIER=steward-test\nN={i % 13}\n"));
                    if (i % 10 == 0)
                    {
                        msg.Write(Encoding.ASCII.GetBytes($"BIG={new string((char)('A' + (i % 26)), 5000 + i)}\n"));
                    }

                    byte[] binary = [(byte)'a', (byte)'\n', 0, 1, 0xFF, (byte)i];
                    msg.Write("BIN\n"u8);
                    msg.Write(BitConverter.GetBytes((ulong)binary.Length));
                    msg.Write(binary);
                    msg.WriteByte((byte)'\n');
                    socket.SendTo(msg.ToArray(), endpoint);
                }
            }

            Thread.Sleep(500);
            p.StandardInput.WriteLine("stop");
            p.StandardInput.Close();
            Assert.True(p.WaitForExit(20_000), "journald did not stop");
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(true);
            }
        }

        return [.. Directory.GetFiles(dir.File("run-log"), "*.journal", SearchOption.AllDirectories),
            .. Directory.GetFiles(dir.File("var-log-journal"), "*.journal", SearchOption.AllDirectories)];
    }

    [JournaldFact]
    public void A_sealed_file_written_by_journald_252_reads_as_journalctl_reads_it()
    {
        if (!Directory.Exists("/var/log/journal"))
        {
            return; // nothing to bind the persistent store over
        }

        using var dir = new TempDir();
        var files = RunJournald(dir, seal: true, messages: 150);
        if (files is null)
        {
            return;
        }

        // journald seals the persistent file (its runtime file, which takes most messages here, is not).
        var sealedFiles = files.Where(f => JournalFile.Open(f, out _)!.Header.CompatibleFlags.HasFlag(JournalCompatibleFlags.Sealed)).ToList();
        Assert.NotEmpty(sealedFiles);
        Assert.True(files.Sum(f => (long)JournalFile.Open(f, out _)!.Header.NEntries) >= 150);
        foreach (var path in files)
        {
            AssertExportsAsJournalctl(path);
        }

        foreach (var path in sealedFiles)
        {
            var file = JournalFile.Open(path, out _)!;
            Assert.True(file.Header.NTags > 0);

            // Sealed files are never appended to: reopening sets the file aside under its archived name.
            var copy = dir.File("sealed-copy.journal");
            File.Copy(path, copy, overwrite: true);
            using var w = JournalWriter.Open(copy, out var moved);
            Assert.NotNull(moved);
            Assert.Equal(file.Header.TailEntrySeqnum + 1, w.NextSeqnum);
        }
    }

    [JournaldFact]
    public void A_file_written_by_journald_252_in_a_private_namespace_reads_as_journalctl_reads_it()
    {
        using var dir = new TempDir();
        var files = RunJournald(dir, seal: false, messages: 400);
        if (files is null)
        {
            return;
        }

        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            Assert.Null(Journalctl.Verify(path));
            AssertExportsAsJournalctl(path);
            var file = JournalFile.Open(path, out _)!;
            Assert.True(file.Header.NEntries >= 400);
            Assert.Equal(JournalState.Offline, file.Header.State);
            Assert.Equal(file.Header.FileId, file.Header.SeqnumId);
            var header = System.Text.Encoding.UTF8.GetString(Journalctl.Run($"--file={path}", "--header").Stdout);
            Assert.StartsWith(JournalHeaderText.Format(file, path).TrimEnd('\n'), header, StringComparison.Ordinal);
            var (_, reverse, _) = Journalctl.Run($"--file={path}", "-o", "export", "-r");
            using var ms = new MemoryStream();
            foreach (var e in file.Entries(reverse: true))
            {
                JournalExport.Write(e, ms);
            }

            Assert.True(reverse.AsSpan().SequenceEqual(ms.ToArray()), "reverse export differs");
            var (_, values, _) = Journalctl.Run($"--file={path}", "-F", "N");
            Assert.Equal(
                Encoding.UTF8.GetString(values).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal),
                file.FieldValues("N").Select(Encoding.UTF8.GetString).Order(StringComparer.Ordinal));
            var matching = file.EntriesMatching("N", "7"u8);
            var (_, filtered, _) = Journalctl.Run($"--file={path}", "-o", "export", "N=7");
            Assert.Equal(CountEntries(filtered), matching.Count);

            // journald's own file, continued by our writer, still verifies and reads back.
            var copy = dir.File("continued.journal");
            File.Copy(path, copy);
            using (var w = JournalWriter.Open(copy, out var moved))
            {
                Assert.Null(moved);
                for (var i = 0; i < 300; i++)
                {
                    w.Append([JournalField.Text("MESSAGE", $"appended {i}"), JournalField.Text("N", "7")]);
                }
            }

            Assert.Null(Journalctl.Verify(copy));
            AssertExportsAsJournalctl(copy);
            Assert.Equal(matching.Count + 300, JournalFile.Open(copy, out _)!.EntriesMatching("N", "7"u8).Count);
        }
    }

    private static int CountEntries(byte[] export) =>
        Encoding.Latin1.GetString(export).Split("__CURSOR=").Length - 1;
}
