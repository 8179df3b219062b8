using System.Runtime.InteropServices;
using System.Text;

namespace Steward.Exec;

/// <summary>The executor's wire format for an <see cref="ExecRequest"/> (hand-written, no reflection): a magic,
/// a version, then the fields in declaration order. Descriptors travel as indices into the handle table, whose
/// entries the spawner places at fds <see cref="HandleBase"/>, <see cref="HandleBase"/>+1, … in the executor.</summary>
internal static class RequestCodec
{
    public const int RequestFd = 3;
    public const int ErrorFd = 4;
    public const int HandleBase = 5;

    private const uint Magic = 0x58455453; // "STEX"
    private const int Version = 1;

    private enum Tag : byte
    {
        Null,
        Inherit,
        File,
        Fd,
        Journal,
    }

    /// <summary>Encodes the request; <paramref name="handles"/> receives the descriptors in table order.</summary>
    public static byte[] Encode(ExecRequest request, List<SafeHandle> handles)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(request.Path);
            WriteList(writer, request.Arguments);
            WriteList(writer, request.Environment);
            WriteOptional(writer, request.WorkingDirectory);
            writer.Write(request.WorkingDirectoryMissingOk);
            WriteOptional(writer, request.RootDirectory);
            WriteOptional(writer, request.User);
            WriteOptional(writer, request.Group);
            WriteList(writer, request.SupplementaryGroups);
            WriteOptional(writer, request.UMask);
            WriteOptional(writer, request.Nice);
            WriteOptional(writer, request.OomScoreAdjust);
            writer.Write(request.Limits.Count);
            foreach (var limit in request.Limits)
            {
                writer.Write(limit.Resource);
                writer.Write(limit.Soft);
                writer.Write(limit.Hard);
            }

            writer.Write(request.NoNewPrivileges);
            WriteTarget(writer, request.Stdin, handles);
            WriteTarget(writer, request.Stdout, handles);
            WriteTarget(writer, request.Stderr, handles);
            writer.Write(request.PassedFds.Count);
            foreach (var handle in request.PassedFds)
            {
                writer.Write(handles.Count);
                handles.Add(handle);
            }

            WriteOptional(writer, request.CgroupPath);
            writer.Write(request.NewSession);
            writer.Write(request.IgnoreSigpipe);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote; descriptors become <see cref="InheritedFd"/>s at
    /// HandleBase + index. Throws <see cref="InvalidDataException"/> on a malformed request.</summary>
    public static ExecRequest Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException("not an executor request of this version");
            }

            string path = reader.ReadString();
            var arguments = ReadList(reader);
            var environment = ReadList(reader);
            string? workingDirectory = ReadOptionalString(reader);
            bool missingOk = reader.ReadBoolean();
            string? root = ReadOptionalString(reader);
            string? user = ReadOptionalString(reader);
            string? group = ReadOptionalString(reader);
            var supplementary = ReadList(reader);
            int? umask = ReadOptionalInt(reader);
            int? nice = ReadOptionalInt(reader);
            int? oom = ReadOptionalInt(reader);
            int limitCount = ReadCount(reader);
            var limits = new ResourceLimit[limitCount];
            for (int i = 0; i < limitCount; i++)
            {
                limits[i] = new ResourceLimit(reader.ReadInt32(), reader.ReadUInt64(), reader.ReadUInt64());
            }

            bool noNewPrivileges = reader.ReadBoolean();
            var stdin = ReadTarget(reader);
            var stdout = ReadTarget(reader);
            var stderr = ReadTarget(reader);
            int passedCount = ReadCount(reader);
            var passed = new SafeHandle[passedCount];
            for (int i = 0; i < passedCount; i++)
            {
                passed[i] = new InheritedFd(HandleBase + reader.ReadInt32());
            }

            string? cgroup = ReadOptionalString(reader);
            bool newSession = reader.ReadBoolean();
            bool ignoreSigpipe = reader.ReadBoolean();
            return new ExecRequest
            {
                Path = path,
                Arguments = arguments,
                Environment = environment,
                WorkingDirectory = workingDirectory,
                WorkingDirectoryMissingOk = missingOk,
                RootDirectory = root,
                User = user,
                Group = group,
                SupplementaryGroups = supplementary,
                UMask = umask,
                Nice = nice,
                OomScoreAdjust = oom,
                Limits = limits,
                NoNewPrivileges = noNewPrivileges,
                Stdin = stdin,
                Stdout = stdout,
                Stderr = stderr,
                PassedFds = passed,
                CgroupPath = cgroup,
                NewSession = newSession,
                IgnoreSigpipe = ignoreSigpipe,
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("truncated executor request", e);
        }
    }

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> items)
    {
        writer.Write(items.Count);
        foreach (string item in items)
        {
            writer.Write(item);
        }
    }

    private static string[] ReadList(BinaryReader reader)
    {
        var items = new string[ReadCount(reader)];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = reader.ReadString();
        }

        return items;
    }

    private static int ReadCount(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length)
        {
            throw new InvalidDataException("bad count in executor request");
        }

        return count;
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue)
        {
            writer.Write(value.Value);
        }
    }

    private static string? ReadOptionalString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static int? ReadOptionalInt(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;

    private static void WriteTarget(BinaryWriter writer, StdioTarget target, List<SafeHandle> handles)
    {
        switch (target)
        {
            case StdioTarget.NullTarget:
                writer.Write((byte)Tag.Null);
                break;
            case StdioTarget.InheritTarget:
                writer.Write((byte)Tag.Inherit);
                break;
            case StdioTarget.File file:
                writer.Write((byte)Tag.File);
                writer.Write(file.Path);
                writer.Write((int)file.Mode);
                break;
            case StdioTarget.Fd fd:
                writer.Write((byte)Tag.Fd);
                int index = handles.IndexOf(fd.Handle);
                if (index < 0)
                {
                    index = handles.Count;
                    handles.Add(fd.Handle);
                }

                writer.Write(index);
                break;
            case StdioTarget.Journal journal:
                writer.Write((byte)Tag.Journal);
                writer.Write(journal.SocketPath);
                writer.Write(journal.Identifier);
                writer.Write(journal.UnitId);
                writer.Write(journal.Priority);
                writer.Write(journal.LevelPrefix);
                writer.Write(journal.ForwardToSyslog);
                writer.Write(journal.ForwardToKmsg);
                writer.Write(journal.ForwardToConsole);
                break;
            default:
                throw new ArgumentException($"unknown stdio target {target}", nameof(target));
        }
    }

    private static StdioTarget ReadTarget(BinaryReader reader)
    {
        var tag = (Tag)reader.ReadByte();
        return tag switch
        {
            Tag.Null => StdioTarget.Null,
            Tag.Inherit => StdioTarget.Inherit,
            Tag.File => new StdioTarget.File(reader.ReadString(), (StdioFileMode)reader.ReadInt32()),
            Tag.Fd => new StdioTarget.Fd(new InheritedFd(HandleBase + reader.ReadInt32())),
            Tag.Journal => new StdioTarget.Journal(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadBoolean())
            {
                ForwardToSyslog = reader.ReadBoolean(),
                ForwardToKmsg = reader.ReadBoolean(),
                ForwardToConsole = reader.ReadBoolean(),
            },
            _ => throw new InvalidDataException($"bad stdio tag {(byte)tag} in executor request"),
        };
    }
}

/// <summary>A descriptor number the executor inherited; not owned (the executor arranges and execs).</summary>
internal sealed class InheritedFd : SafeHandle
{
    public InheritedFd(int fd)
        : base(-1, ownsHandle: false) => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => true;
}
