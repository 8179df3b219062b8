using System.Collections.Concurrent;

namespace Steward.Bus.Tests;

/// <summary>With <see cref="BusServerOptions.Post"/>, every handler runs on the owner's own loop
/// (one thread, as the manager has).</summary>
public sealed class ThreadingTests
{
    private sealed class SingleThreadLoop : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = [];
        private readonly Thread _thread;

        public SingleThreadLoop()
        {
            _thread = new Thread(() =>
            {
                foreach (var action in _queue.GetConsumingEnumerable())
                    action();
            });
            _thread.Start();
        }

        public int ThreadId => _thread.ManagedThreadId;

        public void Post(Action action) => _queue.Add(action);

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
        }
    }

    [Fact]
    public async Task Handlers_run_on_the_thread_of_the_posting_delegate()
    {
        using var loop = new SingleThreadLoop();
        await using var bus = new TestServer(loop.Post);
        var clients = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BusClient.ConnectAsync(bus.Address)));
        await Task.WhenAll(clients.Select(c => c.CallAsync(null, TestServer.ThingPath, TestServer.Interface, "Echo", "s", ["x"])));
        Assert.Equal(10, bus.HandlerThreads.Count);
        Assert.All(bus.HandlerThreads, id => Assert.Equal(loop.ThreadId, id));
        foreach (var c in clients)
            await c.DisposeAsync();
    }
}
