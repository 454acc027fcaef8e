using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Marks duplicate-guard claims <c>done</c> AFTER the turn answered (issue 16): the PATCH is not on an invoke's
/// response path — it goes through the one after-answer queue (<see cref="AfterAnswerWrites"/>: bounded, tagged, drained
/// on shutdown, a failure logged). Until it lands, this instance remembers the claim as completed, so a redelivery here
/// is answered «Listo.» without running the turn again; another instance sees the claim <c>started</c> and tells the
/// sender to wait (never runs it twice). A PATCH that fails leaves the claim to expire after the lease, as before.
/// </summary>
public sealed class ClaimCompletions(AfterAnswerWrites writes, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string, string), byte> _pending = new();

    /// <summary>The turn of this claim completed: mark it done soon, and remember it as done meanwhile.</summary>
    public Task CompleteAsync(TableClient table, string pk, string rk, string activityId)
    {
        _pending[(pk, rk)] = 0;
        return writes.EnqueueAsync($"{table.Name}\n{pk}\n{rk}", DuplicateActivityMiddleware.Done,
            $"the duplicate guard's «done» of activity {activityId}", async ct =>
            {
                try
                {
                    await table.UpdateEntityAsync(new TableEntity(pk, rk) { ["State"] = DuplicateActivityMiddleware.Done, ["DoneAt"] = time.GetUtcNow() },
                        ETag.All, TableUpdateMode.Merge, ct).ConfigureAwait(false);
                }
                finally
                {
                    _pending.TryRemove((pk, rk), out _);
                }
            });
    }

    /// <summary>True while this instance knows the claim's turn completed but the PATCH has not landed yet.</summary>
    public bool IsCompletedHere(string pk, string rk) => _pending.ContainsKey((pk, rk));

    /// <summary>Completes when every queued after-answer write (these completions included) was written or failed and was logged.</summary>
    public Task WhenIdleAsync() => writes.WhenIdleAsync();
}
