using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Steward.Bus;

/// <summary>The peer's process credentials as the kernel reported them at connect time (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads SO_PEERCRED of a connected Unix socket (struct ucred: pid, uid, gid).</summary>
    internal static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (length < 12)
            throw new SocketException((int)SocketError.ProtocolNotSupported);
        return new PeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }
}
