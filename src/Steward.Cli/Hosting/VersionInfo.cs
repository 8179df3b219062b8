using System.Reflection;

namespace Steward.Cli.Hosting;

/// <summary>The <c>--version</c> text. Scripts parse the systemd version from the first word after
/// "systemd", so it names the systemd release whose behaviour Steward follows.</summary>
public static class VersionInfo
{
    public const int SystemdVersion = 252;

    /// <summary>The feature line, in systemd's format: what this build of Steward provides.</summary>
    public const string Features =
        "-PAM -AUDIT -SELINUX -APPARMOR -IMA -SMACK -SECCOMP -GCRYPT -GNUTLS -OPENSSL -ACL -BLKID -CURL " +
        "-ELFUTILS -FIDO2 -IDN2 -IDN -IPTC -KMOD -LIBCRYPTSETUP -LIBFDISK -PCRE2 -PWQUALITY -P11KIT -QRENCODE " +
        "-TPM2 -BZIP2 -LZ4 -XZ -ZLIB -ZSTD -BPF_FRAMEWORK -XKBCOMMON -UTMP -SYSVINIT default-hierarchy=unified";

    public static string StewardVersion =>
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0";

    public static void Print(ToolContext context)
    {
        context.Stdout.WriteLine($"systemd {SystemdVersion} (steward {StewardVersion})");
        context.Stdout.WriteLine(Features);
    }
}
