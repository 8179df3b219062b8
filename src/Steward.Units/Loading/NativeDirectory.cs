using System.Runtime.InteropServices;

namespace Steward.Units.Loading;

/// <summary>
/// Reads a directory with readdir(3), taking each entry's kind from d_type. .NET's enumeration stats
/// every symlink's target to say whether it is a directory; unit directories hold hundreds of
/// enablement links whose absolute targets lie outside the root, so that is hundreds of failing
/// stat calls per invocation that the install operations do not need.
/// </summary>
internal static partial class NativeDirectory
{
    private const string LibC = "libc.so.6";

    // struct dirent on 64-bit glibc: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private const byte TypeDirectory = 4;
    private const byte TypeRegular = 8;
    private const byte TypeSymlink = 10;
    private const byte TypeUnknown = 0;

    /// <summary>The entries of a directory (without "." and "..") with their kinds, a symlink not
    /// followed; <see cref="EntryKind.Missing"/> when the file system does not say (DT_UNKNOWN), for
    /// the caller to lstat. Null when the directory cannot be opened.</summary>
    /// <param name="skipRegularFiles">Pass over entries that are known to be regular files without
    /// making a string of their names (vendor directories hold thousands).</param>
    public static List<(string Name, EntryKind Kind)>? Read(string physicalPath, bool skipRegularFiles = false)
    {
        using DirectoryStream stream = OpenDirectory(physicalPath);
        if (stream.IsInvalid)
        {
            return null;
        }

        var entries = new List<(string, EntryKind)>();
        while (ReadDirectory(stream) is var entry && entry != IntPtr.Zero)
        {
            byte type = Marshal.ReadByte(entry, TypeOffset);
            if (skipRegularFiles && type == TypeRegular)
            {
                continue;
            }

            string? name = Marshal.PtrToStringUTF8(entry + NameOffset);
            if (name is null or "." or "..")
            {
                continue;
            }

            EntryKind kind = type switch
            {
                TypeDirectory => EntryKind.Directory,
                TypeRegular => EntryKind.File,
                TypeSymlink => EntryKind.Symlink,
                TypeUnknown => EntryKind.Missing,
                _ => EntryKind.Other,
            };
            entries.Add((name, kind));
        }

        return entries;
    }

    [LibraryImport(LibC, EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial DirectoryStream OpenDirectory(string path);

    [LibraryImport(LibC, EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDirectory(DirectoryStream stream);

    [LibraryImport(LibC, EntryPoint = "closedir")]
    private static partial int CloseDirectory(IntPtr stream);

    /// <summary>An open DIR*, closed with closedir(3).</summary>
    private sealed class DirectoryStream : SafeHandle
    {
        public DirectoryStream()
            : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle() => CloseDirectory(handle) == 0;
    }
}
