using System.Net.Sockets;
using System.Text;

namespace Steward.Bus.Tests;

/// <summary>Hostile and careless peers: raw bytes on the socket, wrong credentials, oversized and
/// malformed messages, disconnects mid-call, many clients at once. The server answers or drops the
/// one connection, and keeps serving everyone else.</summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private readonly TestServer _bus = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    private async Task<Socket> RawAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_bus.SocketPath));
        return socket;
    }

    private static async Task<string> ReceiveAllAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The server closed with our bytes unread: that is a close too.
        }
        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static string Hex(string text) => Convert.ToHexString(Encoding.ASCII.GetBytes(text)).ToLowerInvariant();

    private async Task AssertStillServesAsync()
    {
        await using var client = await BusClient.ConnectAsync(_bus.Address);
        Assert.Equal(["echo: alive"], await client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["alive"]));
    }

    [Fact]
    public async Task The_sd_bus_handshake_with_a_separate_DATA_line_and_fd_negotiation_is_accepted_pipelined()
    {
        using var socket = await RawAsync();
        var call = new BusMessage { Type = BusMessageType.MethodCall, Serial = 1, Path = TestServer.ThingPath, Interface = TestServer.Interface, Member = "Echo" }
            .WithBody("s", ["raw"]).Encode();
        await socket.SendAsync(Encoding.ASCII.GetBytes("\0AUTH EXTERNAL\r\nDATA\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n").Concat(call).ToArray());
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("echo: raw", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            Assert.NotEqual(0, read);
            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        Assert.StartsWith($"DATA\r\nOK {_bus.Server.Guid}\r\nERROR", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticating_as_another_uid_is_rejected()
    {
        using var socket = await RawAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {Hex((Sasl.EffectiveUid + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}\r\n"));
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer);
        Assert.Equal("REJECTED EXTERNAL\r\n", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Other_mechanisms_are_rejected_with_the_one_offered()
    {
        using var socket = await RawAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes("\0AUTH ANONYMOUS\r\nAUTH\r\n"));
        var buffer = new byte[256];
        var text = "";
        while (text.Split("\r\n").Length < 3)
            text += Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer));
        Assert.Equal("REJECTED EXTERNAL\r\nREJECTED EXTERNAL\r\n", text);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("\0BEGIN\r\n")]
    [InlineData("\0AUTH EXTERNAL zz\r\nBEGIN\r\n")]
    public async Task A_peer_that_does_not_authenticate_is_disconnected(string bytes)
    {
        using var socket = await RawAsync();
        await socket.SendAsync(Encoding.Latin1.GetBytes(bytes));
        await ReceiveAllAsync(socket); // returns only when the server closes
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task An_endless_authentication_line_is_cut_off()
    {
        using var socket = await RawAsync();
        try
        {
            await socket.SendAsync(new byte[] { 0 }.Concat(Enumerable.Repeat((byte)'A', 100_000)).ToArray());
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
        }
        await ReceiveAllAsync(socket);
        await AssertStillServesAsync();
    }

    public static TheoryData<string, byte[]> MalformedMessages()
    {
        var good = new BusMessage { Type = BusMessageType.MethodCall, Serial = 1, Path = TestServer.ThingPath, Interface = TestServer.Interface, Member = "Echo" }
            .WithBody("s", ["x"]).Encode();
        byte[] Patch(int offset, params byte[] bytes)
        {
            var copy = (byte[])good.Clone();
            bytes.CopyTo(copy, offset);
            return copy;
        }
        return new TheoryData<string, byte[]>
        {
            { "garbage", Encoding.ASCII.GetBytes("this is not a D-Bus message at all") },
            { "bad endianness byte", Patch(0, (byte)'X') },
            { "protocol version 2", Patch(3, 2) },
            { "huge body length", Patch(4, 0xff, 0xff, 0xff, 0x7f) },
            { "serial zero", Patch(8, 0, 0, 0, 0) },
            { "body longer than the signature says", Patch(4, (byte)(good[4] + 8)).Concat(new byte[8]).ToArray() },
            { "string without its NUL", Patch(good.Length - 1, (byte)'!') },
            { "unknown message type", Patch(1, 9) },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task A_malformed_message_closes_that_connection_only(string what, byte[] message)
    {
        Assert.NotEmpty(what);
        await using var bystander = await BusClient.ConnectAsync(_bus.Address);
        using var socket = await RawAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {Hex(Sasl.EffectiveUid.ToString(System.Globalization.CultureInfo.InvariantCulture))}\r\nBEGIN\r\n"));
        await socket.SendAsync(message);
        socket.Shutdown(SocketShutdown.Send);
        var received = await ReceiveAllAsync(socket);
        Assert.StartsWith("OK ", received, StringComparison.Ordinal);
        Assert.DoesNotContain("echo", received, StringComparison.Ordinal);
        Assert.Equal(["echo: fine"], await bystander.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["fine"]));
    }

    [Fact]
    public async Task A_client_that_leaves_before_its_reply_does_not_disturb_the_server()
    {
        var client = await BusClient.ConnectAsync(_bus.Address);
        _ = client.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Later");
        while (_bus.LaterCalls.IsEmpty)
            await Task.Delay(10);
        await client.DisposeAsync();
        while (_bus.Server.Connections.Count > 0)
            await Task.Delay(10);
        Assert.True(_bus.LaterCalls.TryDequeue(out var pending));
        pending.SetResult(MethodReply.Return("nobody listens"));
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Two_hundred_concurrent_clients_are_all_answered()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => BusClient.ConnectAsync(_bus.Address)));
        try
        {
            var replies = await Task.WhenAll(clients.Select((c, i) =>
                c.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Add", "ii", [i, 1000])));
            Assert.Equal(Enumerable.Range(1000, 200).Cast<object>(), replies.Select(r => r[0]));
            Assert.Equal(200, _bus.Server.Connections.Count);
        }
        finally
        {
            foreach (var c in clients)
                await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced_and_a_live_one_is_refused()
    {
        var error = Assert.Throws<IOException>(() => BusServer.Listen(_bus.SocketPath));
        Assert.Contains("another process", error.Message, StringComparison.Ordinal);
        var stale = Path.Combine(Path.GetDirectoryName(_bus.SocketPath)!, "stale.sock");
        using (var leftover = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            leftover.Bind(new UnixDomainSocketEndPoint(stale));
        await using var server = BusServer.Listen(stale);
        await using var client = await BusClient.ConnectAsync(stale);
        await client.CallAsync(null, new ObjectPath("/"), BusServer.PeerInterface, "Ping");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stale));
    }
}
