using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Steward.Bus;

/// <summary>The SASL exchange that opens a D-Bus connection; only EXTERNAL (the peer's uid, checked
/// against SO_PEERCRED) is offered, as systemd's private socket does.</summary>
internal static partial class Sasl
{
    private const int MaxLineLength = 16 * 1024;
    private const int MaxCommands = 32;

    /// <summary>The server side. Accepts <c>AUTH EXTERNAL &lt;hex uid&gt;</c> and the sd-bus form
    /// <c>AUTH EXTERNAL</c> + <c>DATA</c>, answers <c>NEGOTIATE_UNIX_FD</c> with <c>ERROR</c> (no fd
    /// passing), and returns true at <c>BEGIN</c>. Bytes pipelined after BEGIN stay buffered in the
    /// transport for the message reader.</summary>
    public static async ValueTask<bool> ServeAsync(MessageTransport transport, PeerCredentials peer, string guid, CancellationToken cancel)
    {
        if (await transport.ReadByteAsync(cancel).ConfigureAwait(false) != 0)
            return false;
        var authenticated = false;
        var waitingForData = false;
        for (var commands = 0; commands < MaxCommands; commands++)
        {
            var line = await transport.ReadLineAsync(MaxLineLength, cancel).ConfigureAwait(false);
            if (line is null)
                return false;
            var (command, argument) = SplitCommand(line);
            string reply;
            if (command == "BEGIN")
            {
                if (authenticated)
                    return true;
                return false;
            }
            else if (authenticated)
            {
                reply = command switch
                {
                    "NEGOTIATE_UNIX_FD" => "ERROR \"Unix file descriptor passing is not supported\"",
                    "CANCEL" or "ERROR" => Reject(ref authenticated),
                    _ => "ERROR \"Unknown command\"",
                };
            }
            else if (waitingForData)
            {
                waitingForData = false;
                reply = command switch
                {
                    "DATA" => Check(argument, peer, guid, ref authenticated),
                    _ => Reject(ref authenticated),
                };
            }
            else if (command == "AUTH")
            {
                var (mechanism, response) = SplitCommand(argument);
                if (mechanism != "EXTERNAL")
                {
                    reply = Reject(ref authenticated);
                }
                else if (response.Length == 0)
                {
                    waitingForData = true;
                    reply = "DATA";
                }
                else
                {
                    reply = Check(response, peer, guid, ref authenticated);
                }
            }
            else
            {
                reply = command is "CANCEL" or "ERROR" or "DATA" ? Reject(ref authenticated) : "ERROR \"Unknown command\"";
            }
            await transport.SendLineAsync(reply, cancel).ConfigureAwait(false);
        }
        return false;
    }

    private static string Reject(ref bool authenticated)
    {
        authenticated = false;
        return "REJECTED EXTERNAL";
    }

    /// <summary>An empty response means "the uid the kernel reports"; otherwise it is the uid as
    /// hex-encoded ASCII digits and must equal the peer's.</summary>
    private static string Check(string hexResponse, PeerCredentials peer, string guid, ref bool authenticated)
    {
        if (hexResponse.Length > 0)
        {
            var claimed = DecodeHex(hexResponse);
            if (claimed is null || !uint.TryParse(claimed, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid != peer.Uid)
                return Reject(ref authenticated);
        }
        authenticated = true;
        return "OK " + guid;
    }

    private static (string Command, string Argument) SplitCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, "") : (line[..space], line[(space + 1)..].Trim());
    }

    private static string? DecodeHex(string hex)
    {
        try
        {
            return Encoding.ASCII.GetString(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The client side: EXTERNAL with the effective uid, BEGIN pipelined after it (one
    /// round trip); returns the server's guid or throws if the server refuses.</summary>
    public static async ValueTask<string> AuthenticateAsync(MessageTransport transport, CancellationToken cancel)
    {
        var uid = Geteuid().ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexString(Encoding.ASCII.GetBytes(uid)).ToLowerInvariant();
        await transport.SendAllAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {hex}\r\nBEGIN\r\n"), cancel).ConfigureAwait(false);
        var line = await transport.ReadLineAsync(MaxLineLength, cancel).ConfigureAwait(false);
        if (line is null)
            throw new BusErrorException(BusErrors.Disconnected, "The server closed the connection during authentication.");
        if (!line.StartsWith("OK ", StringComparison.Ordinal))
            throw new BusErrorException(BusErrors.AccessDenied, $"The server refused authentication: {line}");
        return line[3..];
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint Getegid();

    internal static uint EffectiveUid => Geteuid();

    internal static uint EffectiveGid => Getegid();
}
