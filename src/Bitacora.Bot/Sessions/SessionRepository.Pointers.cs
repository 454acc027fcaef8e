using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// A hold on a conversation's current-session pointer while a session is being created or reopened there: the pointer
/// row carries no session yet, only the claim; whoever wrote it (insert-if-absent or ETag-conditional replace) is the
/// only one who may complete it.
/// </summary>
public sealed record ConversationClaim(string ConversationId, ETag ETag);

/// <summary>What claiming a conversation gave: the claim, or the session that runs there, or neither (someone else is starting one right now).</summary>
public sealed record ClaimResult(ConversationClaim? Claim, string? RunningSessionId);

public sealed partial class SessionRepository
{
    /// <summary>A claim older than this is abandoned (its starter crashed between claim and completion) and may be taken.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Claims <paramref name="conversationId"/> for a session about to be created (or reopened). Two people pressing
    /// «Comenzar» at the same instant both get here; the pointer is written only conditionally (insert if absent, or
    /// replace on the ETag read), so exactly one gets the claim. The other waits for the winner to complete it and gets
    /// its session id (<see cref="ClaimResult.RunningSessionId"/>), or — if it is still being created after the
    /// configured attempts — neither.
    /// </summary>
    public async Task<ClaimResult> ClaimConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        var key = TableKeys.Escape(conversationId);
        // Usually nobody holds the conversation (no pointer, or the last session's was cleared when it finished):
        // insert-if-absent first, one request; a conflict means there is a pointer to look at.
        try
        {
            var first = await table.AddEntityAsync(new TableEntity(key, PointerRowKey) { ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            return new ClaimResult(new ConversationClaim(conversationId, first.Headers.ETag ?? default), null);
        }
        catch (RequestFailedException e) when (ConditionalWrite.AlreadyExists(e))
        {
        }
        for (var attempt = 1; ; attempt++)
        {
            var pointer = await table.GetEntityIfExistsAsync<TableEntity>(key, PointerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var claim = new TableEntity(key, PointerRowKey) { ["ClaimedAt"] = time.GetUtcNow() };
            try
            {
                if (!pointer.HasValue)
                {
                    var added = await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                    return new ClaimResult(new ConversationClaim(conversationId, added.Headers.ETag ?? default), null);
                }
                var current = pointer.Value!;
                if (current.GetString("SessionId") is { Length: > 0 } sessionId)
                {
                    if (await GetAsync(sessionId, cancellationToken).ConfigureAwait(false) is { Status: not SessionStatus.Finished })
                    {
                        return new ClaimResult(null, sessionId);
                    }
                }
                else if (current.GetDateTimeOffset("ClaimedAt") is { } claimedAt && time.GetUtcNow() - claimedAt < ClaimLifetime)
                {
                    // Someone is creating a session here right now: wait for it rather than start a second one.
                    if (attempt >= MaxAttempts) return new ClaimResult(null, null);
                    await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var replaced = await table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new ClaimResult(new ConversationClaim(conversationId, replaced.Headers.ETag ?? default), null);
            }
            catch (RequestFailedException e) when (VersionedRows.IsConcurrencyConflict(e))
            {
                // Another claim won the race; the next read shows it.
                if (attempt >= MaxAttempts) return new ClaimResult(null, null);
            }
        }
    }

    /// <summary>Points the claimed conversation to <paramref name="sessionId"/> (only if the claim is still ours).</summary>
    public async Task<bool> CompleteClaimAsync(ConversationClaim claim, string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(PointerEntity(claim.ConversationId, sessionId), claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Gives a claim up (the session could not be created): the conversation is free again.</summary>
    public async Task ReleaseClaimAsync(ConversationClaim claim, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Escape(claim.ConversationId), PointerRowKey, claim.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already taken over or gone: nothing of ours to release.
        }
    }

    /// <summary>
    /// Reopens a finished session in its conversation: the conversation is claimed first (another session running there
    /// refuses), then the session goes back to active with the reopen in its history and the pointer names it again.
    /// </summary>
    public async Task<SessionUpdateResult> ReopenAsync(string sessionId, long? expectedVersion, Participant by, CancellationToken cancellationToken = default)
    {
        var session = await GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null) return new(SessionUpdateStatus.NotFound, null);
        ConversationClaim? claim = null;
        if (session.ConversationId is { } conversationId)
        {
            var claimed = await ClaimConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
            if (claimed.Claim is null && claimed.RunningSessionId != sessionId)
            {
                return new(SessionUpdateStatus.Rejected, session, new Texts.TextRef(SessionMessages.OtherSessionRunning));
            }
            claim = claimed.Claim;
        }
        var result = await UpdateAsync(sessionId, expectedVersion, s => s.Reopen(by, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (claim is not null)
        {
            if (result.Status == SessionUpdateStatus.Updated) await CompleteClaimAsync(claim, sessionId, cancellationToken).ConfigureAwait(false);
            else await ReleaseClaimAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    // ---- current session of a conversation ----

    public async Task SetCurrentForConversationAsync(string conversationId, string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(PointerEntity(conversationId, sessionId), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private TableEntity PointerEntity(string conversationId, string sessionId) => new(TableKeys.Escape(conversationId), PointerRowKey)
    {
        ["SessionId"] = sessionId,
        ["SetAt"] = time.GetUtcNow(),
    };

    /// <summary>The id of the conversation's current session (point read), or null.</summary>
    public async Task<string?> GetCurrentIdForConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(conversationId), PointerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return pointer.HasValue ? pointer.Value!.GetString("SessionId") : null;
    }

    /// <summary>The conversation's current session (two point reads), or null.</summary>
    public async Task<Session?> GetCurrentForConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var id = await GetCurrentIdForConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return id is null ? null : await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the pointer only if it still names <paramref name="sessionId"/> (another session may have started since).</summary>
    public async Task ClearCurrentForConversationAsync(string conversationId, string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(PointersTable, cancellationToken).ConfigureAwait(false);
        var key = TableKeys.Escape(conversationId);
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(key, PointerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!pointer.HasValue || pointer.Value!.GetString("SessionId") != sessionId) return;
        try
        {
            await table.DeleteEntityAsync(key, PointerRowKey, pointer.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already gone or re-pointed to a newer session: both mean there is nothing of ours to clear.
        }
    }
}
