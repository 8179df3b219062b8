namespace Steward.Exec.Native;

/// <summary>Small descriptor helpers shared by the spawner and the executor.</summary>
internal static unsafe class Fds
{
    /// <summary>A CLOEXEC duplicate of <paramref name="fd"/> numbered at least <paramref name="minimum"/>.</summary>
    public static int DuplicateAbove(int fd, int minimum)
    {
        int copy = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, minimum);
        if (copy < 0)
        {
            throw new ExecException($"Failed to duplicate file descriptor {fd}: {Libc.StrError(Libc.LastError)}", Libc.LastError);
        }

        return copy;
    }

    /// <summary>Moves a descriptor this code owns to a number at least <paramref name="minimum"/> (CLOEXEC).</summary>
    public static int MoveAbove(int fd, int minimum)
    {
        if (fd >= minimum)
        {
            return fd;
        }

        int copy = DuplicateAbove(fd, minimum);
        Libc.close(fd);
        return copy;
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            int done = 0;
            while (done < bytes.Length)
            {
                nint n = Libc.write(fd, start + done, bytes.Length - done);
                if (n < 0)
                {
                    int errno = Libc.LastError;
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw new IOException($"write failed: {Libc.StrError(errno)}");
                }

                done += (int)n;
            }
        }
    }

    /// <summary>Reads until end of file.</summary>
    public static byte[] ReadToEnd(int fd)
    {
        var result = new MemoryStream();
        byte* buffer = stackalloc byte[4096];
        while (true)
        {
            nint n = Libc.read(fd, buffer, 4096);
            if (n < 0)
            {
                int errno = Libc.LastError;
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                throw new IOException($"read failed: {Libc.StrError(errno)}");
            }

            if (n == 0)
            {
                return result.ToArray();
            }

            result.Write(new ReadOnlySpan<byte>(buffer, (int)n));
        }
    }
}
