using System.Runtime.InteropServices;

namespace Steward.Exec.Native;

/// <summary>The libc calls the execution layer makes (glibc, Linux x86-64/arm64 layouts). Errors come
/// back through <see cref="Marshal.GetLastPInvokeError"/> for calls marked SetLastError.</summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    // open(2) flags
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOCTTY = 0x100, O_TRUNC = 0x200,
        O_APPEND = 0x400, O_CLOEXEC = 0x80000, O_DIRECTORY = 0x10000;

    // fcntl(2)
    public const int F_GETFD = 1, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;

    // errno values the layer reacts to
    public const int EINTR = 4, ENOENT = 2, ESRCH = 3, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13,
        EINVAL = 22, ENOTDIR = 20, ENOSYS = 38, ECONNREFUSED = 111;

    // posix_spawn flags (glibc)
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    // waitid(2)
    public const int P_ALL = 0, P_PID = 1, WNOHANG = 1, WEXITED = 4, WNOWAIT = 0x01000000;
    public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

    // signals
    public const int SIGKILL = 9, SIGPIPE = 13, SIGCHLD = 17, SIGSTOP = 19, SIG_SETMASK = 2;
    public static readonly nint SIG_DFL = 0, SIG_IGN = 1;

    // prctl(2)
    public const int PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37, PR_SET_NO_NEW_PRIVS = 38;

    // sockets
    public const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000, SOL_SOCKET = 1,
        SO_PASSCRED = 16, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2, SHUT_RD = 0, MSG_CMSG_CLOEXEC = 0x40000000,
        MSG_DONTWAIT = 0x40, MSG_TRUNC = 0x20, MSG_CTRUNC = 0x08, MSG_NOSIGNAL = 0x4000;

    public const uint CLOSE_RANGE_CLOEXEC = 4;
    public const int MFD_CLOEXEC = 1;
    public const int PRIO_PROCESS = 0;

    /// <summary>Sizes with headroom over glibc's opaque types (file actions 80, attr 336, sigset 128,
    /// struct sigaction 152, siginfo 128 bytes on x86-64).</summary>
    public const int FileActionsSize = 256, SpawnAttrSize = 512, SigSetSize = 128, SigActionSize = 256, SigInfoSize = 128;

    [LibraryImport(Lib)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Lib)]
    public static partial int sigfillset(void* set);

    [LibraryImport(Lib)]
    public static partial int sigdelset(void* set, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigprocmask(int how, void* set, void* oldSet);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaction(int signal, void* action, void* oldAction);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int memfd_create(byte* name, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close_range(uint first, uint last, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int dup2(int fd, int newFd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int open(byte* path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int unlink(byte* path);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setsid();

    [LibraryImport(Lib)]
    public static partial int getpid();

    [LibraryImport(Lib)]
    public static partial uint geteuid();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int waitid(int idType, int id, void* info, int options);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setrlimit(int resource, ulong* limit);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setpriority(int which, uint who, int priority);

    [LibraryImport(Lib)]
    public static partial uint umask(uint mask);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int chdir(byte* path);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int chroot(byte* path);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setgid(uint gid);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setuid(uint uid);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setgroups(nuint count, uint* groups);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int getgrouplist(byte* user, uint group, uint* groups, int* count);

    [LibraryImport(Lib)]
    public static partial int getpwnam_r(byte* name, Passwd* pwd, byte* buffer, nuint size, Passwd** result);

    [LibraryImport(Lib)]
    public static partial int getpwuid_r(uint uid, Passwd* pwd, byte* buffer, nuint size, Passwd** result);

    [LibraryImport(Lib)]
    public static partial int getgrnam_r(byte* name, Group* grp, byte* buffer, nuint size, Group** result);

    [LibraryImport(Lib)]
    public static partial int getgrgid_r(uint gid, Group* grp, byte* buffer, nuint size, Group** result);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int access(byte* path, int mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "_exit")]
    public static partial void Exit(int status);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int connect(int fd, void* address, uint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bind(int fd, void* address, uint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint recvmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint sendmsg(int fd, MsgHdr* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint Uid;
        public uint Gid;
        public byte* Gecos;
        public byte* Dir;
        public byte* Shell;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Group
    {
        public byte* Name;
        public byte* Password;
        public uint Gid;
        public byte** Members;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr: the length is a size_t on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>struct ucred from SCM_CREDENTIALS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UCred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }

    /// <summary>Fills a sockaddr_un; returns its length (family + path + NUL), or -1 when too long.</summary>
    public static int FillSockAddrUn(byte* address, string path)
    {
        const int pathCapacity = 108;
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        int length = System.Text.Encoding.UTF8.GetByteCount(path);
        if (length >= pathCapacity)
        {
            return -1;
        }

        System.Text.Encoding.UTF8.GetBytes(path, new Span<byte>(address + 2, pathCapacity));
        return 2 + length + 1;
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>glibc's text for an errno ("No such file or directory"), as %m prints it.</summary>
    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
