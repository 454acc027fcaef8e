using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Teams retries a delivery it believes failed, with the same activity id. Messages and invokes are claimed by id
/// (insert-if-absent in Table Storage, shared by all instances) and a second delivery of a turn that completed is
/// acknowledged without running it again, so an answer is never recorded twice.
/// A claim is a lease: <c>started</c> until the turn completes (<c>done</c>). A turn that fails releases its claim so
/// the retry is processed; if even the release fails (storage down), the claim of a turn that never completed expires
/// after <see cref="Lease"/> and the next delivery takes it over. A retry arriving while the first delivery still runs
/// is told so — never «Listo.» for something that was not done. The completion is written after the turn answered
/// (<see cref="ClaimCompletions"/>), not on the invoke's response path. Turns a feature guards itself
/// (<see cref="ISelfGuardedTurns"/>: a save recorded with the activity's id in its own transaction) are not claimed.
/// </summary>
public sealed class DuplicateActivityMiddleware(
    TableClientProvider tables, TimeProvider time, TextCatalog texts, ClaimCompletions completions,
    IEnumerable<ISelfGuardedTurns> selfGuarded, ILogger<DuplicateActivityMiddleware> logger)
    : ITurnMiddleware
{
    private readonly ISelfGuardedTurns[] _selfGuarded = [.. selfGuarded];

    internal const string TableName = "ProcessedActivities";
    private const string Started = "started";
    internal const string Done = "done";

    /// <summary>
    /// Claims are partitioned by UTC day and conversation ("yyyyMMdd|conversation"), so the retention sweep deletes
    /// whole days by a key-range query (<see cref="ProcessedActivityRetention"/>), never a table scan. The day is the
    /// activity's own timestamp (a redelivery carries the same one), the claim time when the channel sent none.
    /// </summary>
    internal static string ClaimPartition(DateTimeOffset? activityTimestamp, DateTimeOffset now, string conversationId) =>
        DayPrefix(activityTimestamp ?? now) + TableKeys.Escape(conversationId);

    /// <summary>"yyyyMMdd|": the start of every claim partition of that UTC day.</summary>
    internal static string DayPrefix(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "|";

    /// <summary>How long a started, never completed claim blocks a redelivery.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var worthClaiming = activity.IsType(ActivityTypes.Message) || activity.IsType(ActivityTypes.Invoke);
        if (!worthClaiming || activity.Id is not { Length: > 0 } id || activity.Conversation?.Id is not { Length: > 0 } conversationId
            || Array.Exists(_selfGuarded, guard => guard.Covers(activity)))
        {
            await next(cancellationToken);
            return;
        }

        var table = await tables.GetAsync(TableName, cancellationToken);
        var pk = ClaimPartition(activity.Timestamp, time.GetUtcNow(), conversationId);
        var rk = TableKeys.Escape(id);
        var (etag, duplicateAnswer) = await ClaimAsync(table, pk, rk, activity.Type, cancellationToken);
        if (etag is null)
        {
            logger.LogInformation("Activity {ActivityId} in {ConversationId} was already processed or is in progress; ignoring the retry",
                id, conversationId);
            if (activity.IsType(ActivityTypes.Invoke))
            {
                turn.InvokeResponse = new InvokeResponse(200, AdaptiveCardInvokeResponse.Message(texts[duplicateAnswer!]));
            }
            return;
        }

        try
        {
            await next(cancellationToken);
        }
        catch
        {
            // The turn did not complete: let Teams' retry run it rather than swallow it as a duplicate.
            await ReleaseAsync(table, pk, rk);
            throw;
        }

        // Marked done after the answer left (off the invoke's response path); this instance remembers it meanwhile.
        await completions.CompleteAsync(table, pk, rk, id);
    }

    /// <summary>The claim's ETag when this delivery may run the turn; otherwise null and the text key to answer a
    /// duplicate invoke with («Listo.» only when the first delivery completed).</summary>
    private async Task<(ETag? ETag, string? DuplicateAnswer)> ClaimAsync(TableClient table, string pk, string rk, string? type, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        try
        {
            var added = await table.AddEntityAsync(new TableEntity(pk, rk)
            {
                ["At"] = now, ["Type"] = type, ["State"] = Started,
            }, ct);
            return (added.Headers.ETag ?? ETag.All, null);
        }
        catch (RequestFailedException e) when (ConditionalWrite.AlreadyExists(e))
        {
        }

        // Completed here, its «done» not written yet: no need to read what we know.
        if (completions.IsCompletedHere(pk, rk)) return (null, TextKeys.Done);

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        if (!existing.HasValue || existing.Value is not { } row)
        {
            // Released between our insert and our read: try once more.
            return await ClaimAsync(table, pk, rk, type, ct);
        }

        var state = row.GetString("State");
        var at = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue;
        if (state == Started && now - at >= Lease)
        {
            row["At"] = now;
            try
            {
                var taken = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
                logger.LogWarning("Activity {ActivityId}: the earlier delivery never completed; processing this one", rk);
                return (taken.Headers.ETag ?? ETag.All, null);
            }
            catch (RequestFailedException e) when (ConditionalWrite.Changed(e))
            {
                // Another delivery took it over first.
            }
            state = Started;
        }

        return (null, state == Started ? TextKeys.StillProcessing : TextKeys.Done);
    }

    private async Task ReleaseAsync(TableClient table, string pk, string rk)
    {
        try
        {
            await table.DeleteEntityAsync(pk, rk, ETag.All, CancellationToken.None);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException
                                  or OperationCanceledException)
        {
            logger.LogWarning(e, "Could not release the claim of failed activity {ActivityId}; it expires in {Lease}", rk, Lease);
        }
    }
}
