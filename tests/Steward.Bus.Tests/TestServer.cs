using System.Collections.Concurrent;

namespace Steward.Bus.Tests;

/// <summary>A server on a fresh temporary socket exporting a small object tree:
/// <c>/org/example/Thing</c> (interface org.example.Thing) and a dynamic subtree
/// <c>/org/example/items/&lt;name&gt;</c> whose objects come and go with <see cref="Items"/>.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Interface = "org.example.Thing";
    public const string ItemInterface = "org.example.Item";
    public static readonly ObjectPath ThingPath = new("/org/example/Thing");
    public static readonly ObjectPath ItemsPath = new("/org/example/items");

    private readonly string _directory;

    public TestServer(Action<Action>? post = null)
    {
        _directory = Path.Combine(Path.GetTempPath(), "steward-bus-" + Guid.NewGuid().ToString("N")[..8]);
        SocketPath = Path.Combine(_directory, "sub", "bus.sock");
        Server = BusServer.Listen(SocketPath, new BusServerOptions
        {
            Post = post,
            Log = Logs.Enqueue,
            MachineId = "0123456789abcdef0123456789abcdef",
            MaxMessageSize = 1024 * 1024,
        });
        Server.AddObject(ThingPath, new BusObject([BuildThing()], "the thing"));
        var item = new BusInterface(ItemInterface)
            .Property("Name", "s", access => ((Item)access.Target!).Name, emits: PropertyEmits.Const)
            .Property("Size", "t", access => ((Item)access.Target!).Size)
            .Method("Describe", "", "s", call => MethodReply.Return($"{((Item)call.Target!).Name} of size {((Item)call.Target!).Size}"));
        Server.AddSubtree(ItemsPath,
            path => Items.TryGetValue(path.Value[(ItemsPath.Value.Length + 1)..], out var found) ? new BusObject([item], found) : null,
            () => Items.Keys.Select(k => new ObjectPath(ItemsPath.Value + "/" + k)));
    }

    public sealed record Item(string Name, ulong Size);

    public BusServer Server { get; }

    public string SocketPath { get; }

    public string Address => "unix:path=" + SocketPath;

    public ConcurrentQueue<string> Logs { get; } = new();

    public ConcurrentDictionary<string, Item> Items { get; } = new();

    public uint Counter { get; set; } = 7;

    /// <summary>Completes the pending <c>Later</c> calls.</summary>
    public ConcurrentQueue<TaskCompletionSource<MethodReply>> LaterCalls { get; } = new();

    public ConcurrentQueue<int> HandlerThreads { get; } = new();

    private BusInterface BuildThing() => new BusInterface(Interface)
        .Property("Name", "s", () => "thing", PropertyEmits.Const)
        .Property("Counter", "u", _ => Counter, (_, value) => Counter = (uint)value)
        .Property("Tags", "as", () => new DBusArray("s", ["a", "b"]), PropertyEmits.Invalidates)
        .Method("Echo", "s", "s", call =>
        {
            HandlerThreads.Enqueue(Environment.CurrentManagedThreadId);
            return MethodReply.Return("echo: " + (string)call.Args[0]);
        }, ["text"], ["reply"])
        .Method("Add", "ii", "i", call => MethodReply.Return((int)call.Args[0] + (int)call.Args[1]))
        .Method("WhoAmI", "", "(iuu)s", call => MethodReply.Return(
            new DBusStruct(call.Peer.Pid, call.Peer.Uid, call.Peer.Gid), (string)call.Target!))
        .Method("Mirror", "v", "v", call => MethodReply.Return(call.Args[0]))
        .Method("Crash", "", "", _ => throw new InvalidOperationException("the handler broke"))
        .Method("Refuse", "", "", _ => throw new BusErrorException("org.example.Error.Refused", "Not today."))
        .Method("BadReply", "", "u", _ => MethodReply.Return("not a number"))
        .MethodAsync("Later", "", "s", _ =>
        {
            var reply = new TaskCompletionSource<MethodReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            LaterCalls.Enqueue(reply);
            return new ValueTask<MethodReply>(reply.Task);
        })
        .Method("Announce", "s", "", call =>
        {
            Server.EmitSignal(ThingPath, Interface, "Announced", "s", [call.Args[0]]);
            return MethodReply.Empty;
        })
        .Signal("Announced", "s", "text");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
