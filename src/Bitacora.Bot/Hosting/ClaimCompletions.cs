using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Marks duplicate-guard claims <c>done</c> AFTER the turn answered (issue 16): the PATCH is not on an invoke's
/// response path. Until it lands, this instance remembers the claim as completed, so a redelivery here is answered
/// «Listo.» without running the turn again; another instance sees the claim <c>started</c> and tells the sender to
/// wait (never runs it twice). A PATCH that fails is logged: the claim then expires after the lease, as before.
/// On shutdown the queue is drained before the host stops.
/// </summary>
public sealed class ClaimCompletions(TimeProvider time, ILogger<ClaimCompletions> logger) : BackgroundService
{
    private const int Concurrency = 8;
    private readonly Channel<Completion> _queue = Channel.CreateUnbounded<Completion>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(string, string), byte> _pending = new();
    private int _inFlight;
    private TaskCompletionSource _idle = Completed();

    private static readonly AsyncLocal<bool> Background = new();

    /// <summary>True inside a completion's work (to tell its storage requests from the turn's, in tests).</summary>
    public static bool InBackground => Background.Value;

    private sealed record Completion(TableClient Table, string PartitionKey, string RowKey, string ActivityId);

    /// <summary>The turn of this claim completed: mark it done soon, and remember it as done meanwhile.</summary>
    public async Task CompleteAsync(TableClient table, string pk, string rk, string activityId)
    {
        var completion = new Completion(table, pk, rk, activityId);
        _pending[(pk, rk)] = 0;
        lock (_pending)
        {
            if (_inFlight++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (!_queue.Writer.TryWrite(completion))
        {
            // Shutting down: nobody drains the queue any more, so do it here.
            await RunAsync(completion);
        }
    }

    /// <summary>True while this instance knows the claim's turn completed but the PATCH has not landed yet.</summary>
    public bool IsCompletedHere(string pk, string rk) => _pending.ContainsKey((pk, rk));

    /// <summary>Completes when every queued completion was written (or failed and was logged).</summary>
    public Task WhenIdleAsync()
    {
        lock (_pending)
        {
            return _idle.Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Background.Value = true;
        Storage.AfterAnswerWork.Enter();
        using var slots = new SemaphoreSlim(Concurrency);
        var running = new List<Task>();
        // Drains even after stoppingToken: StopAsync completes the writer, the loop ends when the queue is empty.
        await foreach (var completion in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await slots.WaitAsync(CancellationToken.None);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(RunReleasingAsync(completion, slots));
        }
        await Task.WhenAll(running);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task RunReleasingAsync(Completion completion, SemaphoreSlim slots)
    {
        try
        {
            await RunAsync(completion);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RunAsync(Completion c)
    {
        try
        {
            await c.Table.UpdateEntityAsync(new TableEntity(c.PartitionKey, c.RowKey) { ["State"] = DuplicateActivityMiddleware.Done, ["DoneAt"] = time.GetUtcNow() },
                ETag.All, TableUpdateMode.Merge, CancellationToken.None);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
        {
            // The turn did its work; a redelivery within the lease is told to wait, after it would run again.
            logger.LogWarning(e, "Could not mark activity {ActivityId} as done", c.ActivityId);
        }
        finally
        {
            _pending.TryRemove((c.PartitionKey, c.RowKey), out _);
            lock (_pending)
            {
                if (--_inFlight == 0) _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
