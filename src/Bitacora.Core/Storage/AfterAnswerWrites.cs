using System.Threading.Channels;

namespace Bitacora.Bot.Storage;

/// <summary>
/// Small storage writes a turn's answer does not need — where to reach the sender (conversation references), that they
/// took part in a session (participant rows) — done right AFTER the answer instead of before it (issue 16: a first
/// contact's burst). At most <see cref="Concurrency"/> writes run at once, in their own flow marked
/// <see cref="AfterAnswerWork"/>; writes of one row run in the order they were queued, and a write identical to one
/// still pending is not queued twice. A write that fails is logged as a warning, never thrown: the writer's memo of
/// "already written" is only set by a write that succeeded, so the next turn of that person writes it again.
/// Readers of these rows in this process call <see cref="WhenWrittenAsync"/> first (read-your-writes).
/// Before the service starts and after it stopped, a write runs inline (awaited by the caller, as before);
/// on shutdown the queue is drained.
/// </summary>
public sealed class AfterAnswerWrites(ILogger<AfterAnswerWrites> logger) : BackgroundService
{
    /// <summary>
    /// Enough to keep up with a saturated bot (every answer queues its claim's «done»: at ≈ 170 answers/s and ≈ 50 ms per
    /// write on a busy store, 12 in flight write ≈ 240/s; at 4 a backlog of thousands built up in the load benchmark),
    /// few enough that a burst's answers go first (the claims had 8 and these writes 4 before they shared this queue).
    /// </summary>
    public const int Concurrency = 12;

    /// <summary>A queued write; <paramref name="After"/> is the earlier pending write of the same row, which lands first.</summary>
    private sealed record Write(string Key, string Content, string Description, Func<CancellationToken, Task> Run, Task? After)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private readonly Dictionary<string, Write> _latest = new(StringComparer.Ordinal); // the last queued write of each row, until done
    private int _inFlight;
    private TaskCompletionSource _idle = Completed();
    private volatile bool _running;

    /// <summary>
    /// Writes the row <paramref name="key"/> (table + "\n" + keys) after the answer. <paramref name="content"/> tells
    /// identical writes apart (a pending write with the same content makes this one a no-op). Completes at once when
    /// queued; runs the write inline when the queue is not running (never throws for a failed write).
    /// </summary>
    public async Task EnqueueAsync(string key, string content, string description, Func<CancellationToken, Task> write)
    {
        Write item;
        lock (_gate)
        {
            var previous = _latest.GetValueOrDefault(key);
            if (previous is not null && previous.Content == content) return;
            item = new Write(key, content, description, write, previous?.Done.Task);
            _latest[key] = item;
            if (_inFlight++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (!_running || !_queue.Writer.TryWrite(item))
        {
            await RunAsync(item);
        }
    }

    /// <summary>Completes when every write queued so far for a row whose key starts with <paramref name="keyPrefix"/> is done.</summary>
    public Task WhenWrittenAsync(string keyPrefix)
    {
        lock (_gate)
        {
            var pending = _latest.Values.Where(w => w.Key.StartsWith(keyPrefix, StringComparison.Ordinal)).Select(w => w.Done.Task).ToList();
            return pending.Count == 0 ? Task.CompletedTask : Task.WhenAll(pending);
        }
    }

    /// <summary>Completes when nothing is queued or running (tests; shutdown).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AfterAnswerWork.Enter();
        using var slots = new SemaphoreSlim(Concurrency);
        var running = new List<Task>();
        // Drains even after stoppingToken: StopAsync completes the writer, the loop ends when the queue is empty.
        await foreach (var write in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await slots.WaitAsync(CancellationToken.None);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(RunReleasingAsync(write, slots));
        }
        await Task.WhenAll(running);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // When writes were still running, ExecuteAsync's task completes later, on the thread of the last write, and runs
        // its continuations there one after the other: this one first, then the host's own watch of the service. A host
        // disposed synchronously further down this continuation (WebApplicationFactory does) would wait for that watch,
        // queued behind it on the same thread — a deadlock seen in the test suite. The rest goes on another thread.
        await Task.Yield();
    }

    private async Task RunReleasingAsync(Write write, SemaphoreSlim slots)
    {
        try
        {
            await RunAsync(write);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RunAsync(Write write)
    {
        try
        {
            if (write.After is { } earlier) await earlier; // never faults: Done is only ever set to a result
            await write.Run(CancellationToken.None);
        }
        catch (Exception e)
        {
            // Nothing was remembered as written: the person's next turn writes it again.
            logger.LogWarning(e, "Could not write {Description} after the answer", write.Description);
        }
        finally
        {
            lock (_gate)
            {
                if (_latest.TryGetValue(write.Key, out var latest) && latest == write) _latest.Remove(write.Key);
                if (--_inFlight == 0) _idle.TrySetResult();
            }
            write.Done.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
