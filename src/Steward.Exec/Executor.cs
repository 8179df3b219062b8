using System.Globalization;
using System.Text;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>The hidden <c>--executor</c> mode: a fresh process (spawned by <see cref="Spawner"/>) that reads the
/// request from fd 3, applies the execution context in systemd's order and execs the service. Any failure ends
/// the process with systemd's exit status after writing an <see cref="ExecFailure"/> to the report pipe (fd 4,
/// CLOEXEC, so a successful exec closes it with nothing written).</summary>
public static unsafe class Executor
{
    /// <summary>The entry point; <paramref name="args"/> is the command line after argv[0].</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ExecRequest request;
        try
        {
            request = RequestCodec.Decode(ReadRequest());
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Not started by the spawner (or a version mismatch): nothing to report through.
            byte[] text = Encoding.UTF8.GetBytes($"steward --executor: {e.Message}\n");
            Fds.WriteAll(2, text);
            return ExitStatusNames.Exec;
        }

        Libc.close(RequestCodec.RequestFd);
        int handleCount = CountHandles(request);
        int report = Libc.fcntl(RequestCodec.ErrorFd, Libc.F_DUPFD_CLOEXEC, RequestCodec.HandleBase + handleCount + request.PassedFds.Count + 8);
        if (report >= 0)
        {
            Libc.close(RequestCodec.ErrorFd);
        }

        new Execution(request, report).Execute();
        return ExitStatusNames.Exec; // not reached: Execute execs or exits
    }

    private static byte[] ReadRequest()
    {
        var result = new MemoryStream();
        byte* buffer = stackalloc byte[16384];
        long offset = 0;
        while (true)
        {
            nint n = Libc.pread(RequestCodec.RequestFd, buffer, 16384, offset);
            if (n < 0)
            {
                if (Libc.LastError == Libc.EINTR)
                {
                    continue;
                }

                throw new IOException($"cannot read the request on fd {RequestCodec.RequestFd}: {Libc.StrError(Libc.LastError)}");
            }

            if (n == 0)
            {
                return result.ToArray();
            }

            result.Write(new ReadOnlySpan<byte>(buffer, (int)n));
            offset += n;
        }
    }

    private static int CountHandles(ExecRequest request)
    {
        int highest = RequestCodec.HandleBase - 1;
        foreach (var target in new[] { request.Stdin, request.Stdout, request.Stderr })
        {
            if (target is StdioTarget.Fd { Handle: InheritedFd fd })
            {
                highest = Math.Max(highest, fd.Fd);
            }
        }

        foreach (var handle in request.PassedFds)
        {
            if (handle is InheritedFd fd)
            {
                highest = Math.Max(highest, fd.Fd);
            }
        }

        return highest - RequestCodec.HandleBase + 1;
    }

    /// <summary>One execution: the steps in order, each failing with its exit status.</summary>
    private sealed class Execution(ExecRequest request, int report)
    {
        private uint _uid = uint.MaxValue;
        private uint _gid = uint.MaxValue;
        private string? _userName;
        private string? _home;

        public void Execute()
        {
            if (request.NewSession && Libc.setsid() < 0)
            {
                Fail(ExitStatusNames.Setsid, Libc.LastError, "Failed to create new process session");
            }

            ResolveCredentials();
            uint[]? groups = ResolveGroups();
            SetUpStdio();
            JoinCgroup();
            ApplyProcessProperties();
            ArrangePassedFds();
            using var strings = new NativeStrings();
            byte* path = strings.Add(request.Path);
            byte** argv = strings.AddVector(request.Arguments);
            byte** envp = strings.AddVector(request.Environment);
            string? directory = WorkingDirectoryToEnter();
            if (request.RootDirectory is not null)
            {
                WarmUpForChroot();
            }

            ChangeRoot();
            ChangeCredentials(groups);
            ChangeDirectory(directory);
            if (request.UMask is { } mask)
            {
                Libc.umask((uint)mask);
            }

            if (request.NoNewPrivileges && Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            {
                Fail(ExitStatusNames.NoNewPrivileges, Libc.LastError, "Failed to disable new privileges");
            }

            if (Libc.access(path, 1 /* X_OK */) < 0)
            {
                int errno = Libc.LastError;
                Fail(ExitStatusNames.Exec, errno, $"Failed to locate executable {request.Path}: {Libc.StrError(errno)}", withMessageErrno: false);
            }

            // Everything but 0..2 and the passed fds closes at exec (the report pipe included).
            if (Libc.close_range((uint)(3 + request.PassedFds.Count), uint.MaxValue, Libc.CLOSE_RANGE_CLOEXEC) < 0)
            {
                Fail(ExitStatusNames.Fds, Libc.LastError, "Failed to close unwanted file descriptors");
            }

            ResetSignals();
            Libc.execve(path, argv, envp);
            int execErrno = Libc.LastError;
            Fail(ExitStatusNames.Exec, execErrno, $"Failed to execute {request.Path}: {Libc.StrError(execErrno)}", withMessageErrno: false);
        }

        private void ResolveCredentials()
        {
            if (request.User is { } user)
            {
                if (!LookUpUser(user, out _uid, out _gid, out _userName, out _home))
                {
                    Fail(ExitStatusNames.User, Libc.ESRCH, "Failed to determine user credentials");
                }
            }

            if (request.Group is { } group)
            {
                if (LookUpGroup(group) is not { } gid)
                {
                    FailSilently(ExitStatusNames.Group, "GROUP");
                    return;
                }

                _gid = gid;
            }
        }

        /// <summary>The supplementary groups to set (the user's, with the primary group, plus
        /// SupplementaryGroups=), or null to leave them; looked up before any chroot, as systemd does.</summary>
        private uint[]? ResolveGroups()
        {
            if (_userName is null && request.SupplementaryGroups.Count == 0)
            {
                return null;
            }

            var groups = new List<uint>();
            if (_userName is not null)
            {
                int count = 1024;
                uint* list = stackalloc uint[1024];
                fixed (byte* name = Encoding.UTF8.GetBytes(_userName + "\0"))
                {
                    if (Libc.getgrouplist(name, _gid, list, &count) < 0)
                    {
                        count = 1024;
                    }
                }

                for (int i = 0; i < count; i++)
                {
                    groups.Add(list[i]);
                }
            }

            foreach (string name in request.SupplementaryGroups)
            {
                if (LookUpGroup(name) is not { } gid)
                {
                    FailSilently(ExitStatusNames.Group, "GROUP");
                    return null;
                }

                if (!groups.Contains(gid))
                {
                    groups.Add(gid);
                }
            }

            return groups.ToArray();
        }

        private void ChangeCredentials(uint[]? groups)
        {
            if (groups is not null)
            {
                fixed (uint* list = groups)
                {
                    if (Libc.setgroups((nuint)groups.Length, list) < 0)
                    {
                        Fail(ExitStatusNames.Group, Libc.LastError, "Failed to set up supplementary groups");
                    }
                }
            }

            if (_gid != uint.MaxValue && Libc.setgid(_gid) < 0)
            {
                Fail(ExitStatusNames.Group, Libc.LastError, "Failed to change group credentials");
            }

            if (_uid != uint.MaxValue && Libc.setuid(_uid) < 0)
            {
                Fail(ExitStatusNames.User, Libc.LastError, "Failed to change user credentials");
            }
        }

        /// <summary>After chroot the runtime cannot load assemblies any more (a JIT-mode executor such as the
        /// tests' would die on a missing facade); run the report path once so everything it needs is loaded.
        /// NativeAOT needs none of this; it costs microseconds.</summary>
        private static void WarmUpForChroot()
        {
            _ = ExecReportCodec.Failure(new ExecFailure(ExitStatusNames.Exec, "EXEC", Libc.ENOENT, Libc.StrError(Libc.ENOENT)));
            _ = ExitStatusNames.Name(ExitStatusNames.Exec);
        }

        private void SetUpStdio()
        {
            SetUpStream(request.Stdin, 0, ExitStatusNames.Stdin, "standard input");
            SetUpStream(request.Stdout, 1, ExitStatusNames.Stdout, "standard output");
            if (request.Stderr == request.Stdout && request.Stderr is StdioTarget.File or StdioTarget.Journal)
            {
                // One file description (and one journal stream) for both, as systemd does.
                if (Libc.dup2(1, 2) < 0)
                {
                    Fail(ExitStatusNames.Stderr, Libc.LastError, "Failed to set up standard error output");
                }

                return;
            }

            SetUpStream(request.Stderr, 2, ExitStatusNames.Stderr, "standard error output");
        }

        private void SetUpStream(StdioTarget target, int number, int status, string what)
        {
            int fd;
            switch (target)
            {
                case StdioTarget.InheritTarget:
                    return;
                case StdioTarget.NullTarget:
                    fd = OpenPath("/dev/null", number == 0 ? Libc.O_RDONLY : Libc.O_WRONLY, status, what);
                    break;
                case StdioTarget.File file:
                    int flags = file.Mode switch
                    {
                        StdioFileMode.Read => Libc.O_RDONLY,
                        StdioFileMode.Write => Libc.O_WRONLY | Libc.O_CREAT,
                        StdioFileMode.Append => Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND,
                        _ => Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC,
                    };
                    fd = OpenPath(file.Path, flags, status, what);
                    break;
                case StdioTarget.Fd { Handle: InheritedFd inherited }:
                    fd = inherited.Fd;
                    break;
                case StdioTarget.Journal journal:
                    fd = ConnectJournal(journal, what);
                    if (fd < 0)
                    {
                        fd = OpenPath("/dev/null", Libc.O_WRONLY, status, what);
                    }

                    break;
                default:
                    Fail(status, Libc.EINVAL, $"Failed to set up {what}");
                    return;
            }

            if (fd == number)
            {
                Libc.fcntl(fd, Libc.F_SETFD, 0);
                return;
            }

            if (Libc.dup2(fd, number) < 0)
            {
                Fail(status, Libc.LastError, $"Failed to set up {what}");
            }

            if (target is not StdioTarget.Fd)
            {
                Libc.close(fd);
            }
        }

        private int OpenPath(string path, int flags, int status, string what)
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(path + "\0"))
            {
                int fd = Libc.open(bytes, flags | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0x1B6 /* 0666 */);
                if (fd < 0)
                {
                    Fail(status, Libc.LastError, $"Failed to set up {what}");
                }

                return fd;
            }
        }

        /// <summary>journald's stdout stream protocol: seven header lines, then the stream. -1 when the socket
        /// cannot be used (a warning is reported and the caller falls back to /dev/null).</summary>
        private int ConnectJournal(StdioTarget.Journal journal, string what)
        {
            int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                Warn($"Failed to connect {what} to the journal socket, ignoring: {Libc.StrError(Libc.LastError)}");
                return -1;
            }

            byte* address = stackalloc byte[112];
            int length = Libc.FillSockAddrUn(address, journal.SocketPath);
            if (length < 0 || Libc.connect(fd, address, (uint)length) < 0)
            {
                int errno = length < 0 ? Libc.EINVAL : Libc.LastError;
                Libc.close(fd);
                Warn($"Failed to connect {what} to the journal socket, ignoring: {Libc.StrError(errno)}");
                return -1;
            }

            string header = string.Create(CultureInfo.InvariantCulture,
                $"{journal.Identifier}\n{journal.UnitId}\n{journal.Priority}\n{Bit(journal.LevelPrefix)}\n{Bit(journal.ForwardToSyslog)}\n{Bit(journal.ForwardToKmsg)}\n{Bit(journal.ForwardToConsole)}\n");
            try
            {
                Fds.WriteAll(fd, Encoding.UTF8.GetBytes(header));
            }
            catch (IOException e)
            {
                Libc.close(fd);
                Warn($"Failed to connect {what} to the journal socket, ignoring: {e.Message}");
                return -1;
            }

            Libc.shutdown(fd, Libc.SHUT_RD);
            return fd;

            static char Bit(bool value) => value ? '1' : '0';
        }

        private void JoinCgroup()
        {
            if (request.CgroupPath is not { } cgroup)
            {
                return;
            }

            int errno = WriteFile(Path.Combine(cgroup, "cgroup.procs"), Libc.getpid().ToString(CultureInfo.InvariantCulture));
            if (errno != 0)
            {
                Fail(ExitStatusNames.Cgroup, errno, $"Failed to attach to cgroup {cgroup}");
            }
        }

        private void ApplyProcessProperties()
        {
            if (request.OomScoreAdjust is { } oom)
            {
                int errno = WriteFile("/proc/self/oom_score_adj", oom.ToString(CultureInfo.InvariantCulture));
                if (errno != 0)
                {
                    Fail(ExitStatusNames.OomAdjust, errno, "Failed to adjust OOM setting");
                }
            }

            if (request.Nice is { } nice && Libc.setpriority(Libc.PRIO_PROCESS, 0, nice) < 0)
            {
                Fail(ExitStatusNames.Nice, Libc.LastError, "Failed to set up process scheduling priority (nice level)");
            }

            ulong* pair = stackalloc ulong[2];
            foreach (var limit in request.Limits)
            {
                pair[0] = limit.Soft;
                pair[1] = limit.Hard;
                if (Libc.setrlimit(limit.Resource, pair) < 0)
                {
                    string name = ResourceLimits.DirectiveOf(limit.Resource) ?? limit.Resource.ToString(CultureInfo.InvariantCulture);
                    Fail(ExitStatusNames.Limits, Libc.LastError, $"Failed to adjust resource limit {name}");
                }
            }
        }

        /// <summary>Passed fds become 3, 4, …: first copied above every source, then moved down, so no move
        /// overwrites a descriptor still to be moved.</summary>
        private void ArrangePassedFds()
        {
            int count = request.PassedFds.Count;
            if (count == 0)
            {
                return;
            }

            int above = RequestCodec.HandleBase + CountHandles(request) + count + 1;
            var copies = new int[count];
            for (int i = 0; i < count; i++)
            {
                int source = ((InheritedFd)request.PassedFds[i]).Fd;
                copies[i] = Libc.fcntl(source, Libc.F_DUPFD_CLOEXEC, above);
                if (copies[i] < 0)
                {
                    Fail(ExitStatusNames.Fds, Libc.LastError, "Failed to adjust passed file descriptors");
                }
            }

            for (int i = 0; i < count; i++)
            {
                if (Libc.dup2(copies[i], 3 + i) < 0)
                {
                    Fail(ExitStatusNames.Fds, Libc.LastError, "Failed to adjust passed file descriptors");
                }

                Libc.close(copies[i]);
            }
        }

        private void ChangeRoot()
        {
            if (request.RootDirectory is not { } root)
            {
                return;
            }

            fixed (byte* bytes = Encoding.UTF8.GetBytes(root + "\0"))
            {
                if (Libc.chroot(bytes) < 0)
                {
                    Fail(ExitStatusNames.Chroot, Libc.LastError, "Failed to change root directory");
                }
            }
        }

        /// <summary>The directory to enter after the user change; "~" resolved before any chroot.</summary>
        private string? WorkingDirectoryToEnter()
        {
            string? directory = request.WorkingDirectory;
            if (directory == "~")
            {
                directory = _home ?? HomeOfCurrentUser() ?? "/";
            }

            return directory ?? (request.RootDirectory is not null ? "/" : null);
        }

        private void ChangeDirectory(string? directory)
        {
            if (directory is null)
            {
                return;
            }

            int errno = ChangeTo(directory);
            if (errno == 0)
            {
                return;
            }

            if (request.WorkingDirectoryMissingOk)
            {
                ChangeTo("/");
                return;
            }

            Fail(ExitStatusNames.Chdir, errno, $"Changing to the requested working directory failed: {Libc.StrError(errno)}", withMessageErrno: false);
        }

        private static int ChangeTo(string directory)
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(directory + "\0"))
            {
                return Libc.chdir(bytes) < 0 ? Libc.LastError : 0;
            }
        }

        private void ResetSignals()
        {
            byte* action = stackalloc byte[Libc.SigActionSize];
            for (int signal = 1; signal <= 64; signal++)
            {
                if (signal is Libc.SIGKILL or Libc.SIGSTOP)
                {
                    continue;
                }

                new Span<byte>(action, Libc.SigActionSize).Clear();
                *(nint*)action = signal == Libc.SIGPIPE && request.IgnoreSigpipe ? Libc.SIG_IGN : Libc.SIG_DFL;
                Libc.sigaction(signal, action, null); // glibc's reserved signals refuse: nothing to reset there
            }

            byte* empty = stackalloc byte[Libc.SigSetSize];
            Libc.sigemptyset(empty);
            if (Libc.sigprocmask(Libc.SIG_SETMASK, empty, null) < 0)
            {
                Fail(ExitStatusNames.SignalMask, Libc.LastError, "Failed to set process signal mask");
            }
        }

        private static int WriteFile(string path, string text)
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(path + "\0"))
            {
                int fd = Libc.open(bytes, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
                if (fd < 0)
                {
                    return Libc.LastError;
                }

                byte[] content = Encoding.ASCII.GetBytes(text);
                fixed (byte* data = content)
                {
                    nint n = Libc.write(fd, data, content.Length);
                    int errno = n < 0 ? Libc.LastError : 0;
                    Libc.close(fd);
                    return errno;
                }
            }
        }

        private void Warn(string text) => Send(ExecReportCodec.Warning(text));

        /// <summary>Reports and exits. The message is "text: strerror" unless <paramref name="withMessageErrno"/>
        /// is false (the text already says it).</summary>
        private void Fail(int status, int errno, string text, bool withMessageErrno = true)
        {
            string message = withMessageErrno && errno != 0 ? $"{text}: {Libc.StrError(errno)}" : text;
            Send(ExecReportCodec.Failure(new ExecFailure(status, ExitStatusNames.Name(status) ?? "EXEC", errno, message)));
            Libc.Exit(status);
        }

        /// <summary>systemd 252 logs nothing for an unknown group: only the exit status tells.</summary>
        private void FailSilently(int status, string step)
        {
            Send(ExecReportCodec.Failure(new ExecFailure(status, step, 0, null)));
            Libc.Exit(status);
        }

        private void Send(byte[] record)
        {
            if (report < 0)
            {
                return;
            }

            try
            {
                Fds.WriteAll(report, record);
            }
            catch (IOException)
            {
                // The manager went away; the exit status still tells.
            }
        }
    }

    private static bool LookUpUser(string user, out uint uid, out uint gid, out string? name, out string? home)
    {
        uid = gid = uint.MaxValue;
        name = home = null;
        const int size = 16384;
        byte* buffer = stackalloc byte[size];
        Libc.Passwd entry;
        Libc.Passwd* result = null;
        int rc;
        if (uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            rc = Libc.getpwuid_r(number, &entry, buffer, size, &result);
        }
        else
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(user + "\0"))
            {
                rc = Libc.getpwnam_r(bytes, &entry, buffer, size, &result);
            }
        }

        if (rc != 0 || result == null)
        {
            return false;
        }

        uid = entry.Uid;
        gid = entry.Gid;
        name = new string((sbyte*)entry.Name);
        home = entry.Dir == null ? null : new string((sbyte*)entry.Dir);
        return true;
    }

    private static string? HomeOfCurrentUser() =>
        LookUpUser(Libc.geteuid().ToString(CultureInfo.InvariantCulture), out _, out _, out _, out string? home) ? home : null;

    private static uint? LookUpGroup(string group)
    {
        const int size = 16384;
        byte* buffer = stackalloc byte[size];
        Libc.Group entry;
        Libc.Group* result = null;
        int rc;
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            rc = Libc.getgrgid_r(number, &entry, buffer, size, &result);
        }
        else
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(group + "\0"))
            {
                rc = Libc.getgrnam_r(bytes, &entry, buffer, size, &result);
            }
        }

        return rc == 0 && result != null ? entry.Gid : null;
    }
}
