using System.Runtime.InteropServices;
using Steward.Exec.Native;

namespace Steward.Exec;

/// <summary>Starts service processes. Two paths, same result:
/// <list type="bullet">
/// <item>the executor: posix_spawn of this very binary as <c>[binary, "--executor"]</c> with the encoded
/// request on fd 3, the report pipe on fd 4 and the request's descriptors at 5…; the fresh process applies
/// the context in managed code and execs the service (see <see cref="Executor"/>);</item>
/// <item>direct: when the context is trivial (<see cref="CanSpawnDirectly"/>), posix_spawn of the service
/// itself with file actions for stdio and passed fds, setsid, and signal mask/dispositions reset.</item>
/// </list>
/// glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK)+exec, so no managed code runs in the child.
/// Safe to call from any thread; every descriptor it creates is CLOEXEC in the manager.</summary>
public static unsafe class Spawner
{
    private static string? s_executorPath;
    private static readonly Lazy<nint> s_environ = new(() =>
        NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ"));
    private static readonly Lazy<bool> s_managerIgnoresSigpipe = new(ManagerIgnoresSigpipe);

    /// <summary>The binary whose <c>--executor</c> mode runs the executor; defaults to
    /// <see cref="Environment.ProcessPath"/> (the steward binary itself).</summary>
    public static string ExecutorPath
    {
        get => s_executorPath ?? Environment.ProcessPath ?? throw new ExecException("The path of this executable is unknown; set Spawner.ExecutorPath");
        set => s_executorPath = value;
    }

    /// <summary>Whether trivial requests skip the executor (on by default).</summary>
    public static bool DirectSpawnEnabled { get; set; } = true;

    /// <summary>Starts the process. Throws <see cref="ExecException"/> when no process could be created; on the
    /// direct path that includes a program that cannot be executed (then <see cref="ExecException.Failure"/>
    /// carries 203/EXEC and systemd's message). Failures inside the executor instead end the child with a
    /// systemd exit status and are described by <see cref="SpawnedProcess.ReadReport"/>.</summary>
    public static SpawnedProcess Spawn(ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Arguments.Count == 0)
        {
            throw new ArgumentException("Arguments must hold at least argv[0]", nameof(request));
        }

        if (request.Stdin is StdioTarget.Journal)
        {
            throw new ArgumentException("standard input cannot be the journal", nameof(request));
        }

        var process = DirectSpawnEnabled && CanSpawnDirectly(request) ? SpawnDirect(request) : SpawnExecutor(request);
        ChildReaper.NotifySpawned();
        return process;
    }

    /// <summary>True when nothing in the request needs code between fork and exec beyond what posix_spawn's file
    /// actions and attributes do: no credentials, limits, directories, cgroup, files or journal streams.</summary>
    public static bool CanSpawnDirectly(ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.User is null && request.Group is null && request.SupplementaryGroups.Count == 0
            && request.UMask is null && request.Nice is null && request.OomScoreAdjust is null
            && request.Limits.Count == 0 && !request.NoNewPrivileges
            && request.RootDirectory is null && request.WorkingDirectory is null && request.CgroupPath is null
            && IsDirectTarget(request.Stdin) && IsDirectTarget(request.Stdout) && IsDirectTarget(request.Stderr)
            && (!request.IgnoreSigpipe || s_managerIgnoresSigpipe.Value);
    }

    private static bool IsDirectTarget(StdioTarget target) =>
        target is StdioTarget.NullTarget or StdioTarget.InheritTarget or StdioTarget.Fd;

    private static SpawnedProcess SpawnExecutor(ExecRequest request)
    {
        var handles = new List<SafeHandle>();
        byte[] encoded = RequestCodec.Encode(request, handles);
        int minimum = RequestCodec.HandleBase + handles.Count + 1;
        var owned = new List<int>();
        var referenced = new List<SafeHandle>();
        int errorRead = -1;
        try
        {
            int memfd;
            fixed (byte* name = "steward-exec-request\0"u8)
            {
                memfd = Libc.memfd_create(name, Libc.MFD_CLOEXEC);
            }

            if (memfd < 0)
            {
                throw new ExecException($"Failed to create the executor request: {Libc.StrError(Libc.LastError)}", Libc.LastError);
            }

            memfd = Fds.MoveAbove(memfd, minimum);
            owned.Add(memfd);
            Fds.WriteAll(memfd, encoded);

            int* pipe = stackalloc int[2];
            if (Libc.pipe2(pipe, Libc.O_CLOEXEC) < 0)
            {
                throw new ExecException($"Failed to create the executor report pipe: {Libc.StrError(Libc.LastError)}", Libc.LastError);
            }

            errorRead = pipe[0];
            int errorWrite = Fds.MoveAbove(pipe[1], minimum);
            owned.Add(errorWrite);

            var targets = new List<(int Source, int Target)> { (memfd, RequestCodec.RequestFd), (errorWrite, RequestCodec.ErrorFd) };
            for (int i = 0; i < handles.Count; i++)
            {
                int copy = Fds.DuplicateAbove(AddRef(handles[i], referenced), minimum);
                owned.Add(copy);
                targets.Add((copy, RequestCodec.HandleBase + i));
            }

            string executor = ExecutorPath;
            int pid = PosixSpawn(executor, [executor, "--executor"], null, targets, stdinNull: false, stdoutNull: false, stderrNull: false,
                closeFrom: -1, setsid: false, ignoreSigpipe: false, out int error);
            if (error != 0)
            {
                throw new ExecException($"Failed to spawn executor {executor}: {Libc.StrError(error)}", error);
            }

            var process = new SpawnedProcess(pid, errorRead, viaExecutor: true);
            errorRead = -1;
            return process;
        }
        finally
        {
            foreach (int fd in owned)
            {
                Libc.close(fd);
            }

            if (errorRead >= 0)
            {
                Libc.close(errorRead);
            }

            foreach (var handle in referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static SpawnedProcess SpawnDirect(ExecRequest request)
    {
        int minimum = 3 + request.PassedFds.Count;
        var owned = new List<int>();
        var referenced = new List<SafeHandle>();
        try
        {
            var targets = new List<(int Source, int Target)>();
            void Map(StdioTarget target, int number)
            {
                if (target is StdioTarget.Fd fd)
                {
                    int copy = Fds.DuplicateAbove(AddRef(fd.Handle, referenced), minimum);
                    owned.Add(copy);
                    targets.Add((copy, number));
                }
            }

            Map(request.Stdin, 0);
            Map(request.Stdout, 1);
            Map(request.Stderr, 2);
            for (int i = 0; i < request.PassedFds.Count; i++)
            {
                int copy = Fds.DuplicateAbove(AddRef(request.PassedFds[i], referenced), minimum);
                owned.Add(copy);
                targets.Add((copy, 3 + i));
            }

            int pid = PosixSpawn(request.Path, request.Arguments, request.Environment, targets,
                request.Stdin is StdioTarget.NullTarget, request.Stdout is StdioTarget.NullTarget, request.Stderr is StdioTarget.NullTarget,
                closeFrom: minimum, setsid: request.NewSession, ignoreSigpipe: request.IgnoreSigpipe, out int error);
            if (error != 0)
            {
                string detail = error is Libc.ENOENT or Libc.EACCES or Libc.ENOTDIR
                    ? $"Failed to locate executable {request.Path}: {Libc.StrError(error)}"
                    : $"Failed to execute {request.Path}: {Libc.StrError(error)}";
                throw new ExecException(detail, error, new ExecFailure(ExitStatusNames.Exec, "EXEC", error, detail));
            }

            return new SpawnedProcess(pid, -1, viaExecutor: false);
        }
        finally
        {
            foreach (int fd in owned)
            {
                Libc.close(fd);
            }

            foreach (var handle in referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static int AddRef(SafeHandle handle, List<SafeHandle> referenced)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        referenced.Add(handle);
        return (int)handle.DangerousGetHandle();
    }

    /// <param name="environment">null: the manager's own environment (for the executor).</param>
    private static int PosixSpawn(string path, IReadOnlyList<string> arguments, IReadOnlyList<string>? environment,
        List<(int Source, int Target)> targets, bool stdinNull, bool stdoutNull, bool stderrNull,
        int closeFrom, bool setsid, bool ignoreSigpipe, out int error)
    {
        using var strings = new NativeStrings();
        byte* pathBytes = strings.Add(path);
        byte** argv = strings.AddVector(arguments);
        byte** envp = environment is null ? *(byte***)s_environ.Value : strings.AddVector(environment);
        byte* devNull = strings.Add("/dev/null");

        byte* actions = stackalloc byte[Libc.FileActionsSize];
        byte* attr = stackalloc byte[Libc.SpawnAttrSize];
        byte* mask = stackalloc byte[Libc.SigSetSize];
        byte* defaults = stackalloc byte[Libc.SigSetSize];
        Libc.posix_spawn_file_actions_init(actions);
        Libc.posix_spawnattr_init(attr);
        try
        {
            foreach (var (source, target) in targets)
            {
                Check(Libc.posix_spawn_file_actions_adddup2(actions, source, target));
            }

            if (stdinNull)
            {
                Check(Libc.posix_spawn_file_actions_addopen(actions, 0, devNull, Libc.O_RDONLY, 0));
            }

            if (stdoutNull)
            {
                Check(Libc.posix_spawn_file_actions_addopen(actions, 1, devNull, Libc.O_WRONLY, 0));
            }

            if (stderrNull)
            {
                Check(Libc.posix_spawn_file_actions_addopen(actions, 2, devNull, Libc.O_WRONLY, 0));
            }

            if (closeFrom >= 0)
            {
                Check(Libc.posix_spawn_file_actions_addclosefrom_np(actions, closeFrom));
            }

            Libc.sigemptyset(mask);
            Libc.sigfillset(defaults);

            // glibc's sigfillset leaves out its internal signals 32 and 33, and its posix_spawn then hands them
            // to the child as SIG_IGN, which survives exec; the set's bits are set by hand so they are reset too.
            *(ulong*)defaults |= (1UL << 31) | (1UL << 32);
            if (ignoreSigpipe)
            {
                // Ignored dispositions survive exec: the manager ignores SIGPIPE, so leaving it out of the
                // reset set hands the service SIG_IGN.
                Libc.sigdelset(defaults, Libc.SIGPIPE);
            }

            short flags = Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF;
            if (setsid)
            {
                flags |= Libc.POSIX_SPAWN_SETSID;
            }

            Check(Libc.posix_spawnattr_setflags(attr, flags));
            Check(Libc.posix_spawnattr_setsigmask(attr, mask));
            Check(Libc.posix_spawnattr_setsigdefault(attr, defaults));

            error = Libc.posix_spawn(out int pid, pathBytes, actions, attr, argv, envp);
            return error == 0 ? pid : -1;
        }
        finally
        {
            Libc.posix_spawnattr_destroy(attr);
            Libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw new ExecException($"Failed to prepare posix_spawn: {Libc.StrError(result)}", result);
        }
    }

    private static bool ManagerIgnoresSigpipe()
    {
        byte* old = stackalloc byte[Libc.SigActionSize];
        return Libc.sigaction(Libc.SIGPIPE, null, old) == 0 && *(nint*)old == Libc.SIG_IGN;
    }
}
