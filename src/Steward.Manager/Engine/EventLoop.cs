using System.Threading.Channels;

namespace Steward.Manager.Engine;

/// <summary>
/// The manager's single thread. Every event (a child exiting, a notify message, a bus call, a
/// timer) is posted here and handled in order, so the engine's state needs no locks: handlers
/// only ever run on this loop.
/// </summary>
public sealed class EventLoop : IDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    /// <summary>Raised (on the loop) when a handler throws: the loop logs and goes on.</summary>
    public event Action<Exception>? HandlerFailed;

    public bool IsOnLoop => Thread.CurrentThread == _thread;

    public void Post(Action action) => _work.Writer.TryWrite(action);

    /// <summary>Runs <paramref name="action"/> on the loop after <paramref name="delayUSec"/> microseconds;
    /// disposing the handle cancels it (even if it already fired and waits in the queue).</summary>
    public IDisposable Schedule(ulong delayUSec, Action action)
    {
        var handle = new TimerHandle();
        long ms = delayUSec >= (ulong)int.MaxValue * 1000 ? Timeout.Infinite : (long)((delayUSec + 999) / 1000);
        if (ms == Timeout.Infinite)
        {
            return handle;
        }

        void Fire()
        {
            if (!handle.Canceled)
            {
                handle.Dispose();
                action();
            }
        }

        if (ms == 0)
        {
            Post(Fire);
            return handle;
        }

        handle.Timer = new Timer(_ => Post(Fire), null, ms, Timeout.Infinite);
        return handle;
    }

    /// <summary>Runs the loop on the calling thread until <see cref="Stop"/>.</summary>
    public void Run()
    {
        _thread = Thread.CurrentThread;
        ChannelReader<Action> reader = _work.Reader;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (!reader.TryRead(out Action? action))
                {
                    if (!reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }

                    continue;
                }

                try
                {
                    action();
                }
                catch (Exception e)
                {
                    HandlerFailed?.Invoke(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stop() was called while the loop waited.
        }
    }

    /// <summary>Runs queued work on the calling thread until none is left (tests drive the loop this way).</summary>
    public void Drain()
    {
        _thread = Thread.CurrentThread;
        while (_work.Reader.TryRead(out Action? action))
        {
            action();
        }
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private sealed class TimerHandle : IDisposable
    {
        public Timer? Timer { get; set; }

        public bool Canceled { get; private set; }

        public void Dispose()
        {
            Canceled = true;
            Timer?.Dispose();
        }
    }
}
