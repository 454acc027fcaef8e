using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Sessions;

/// <summary>What happened to a session update.</summary>
public enum SessionUpdateStatus
{
    Updated,
    NotFound,
    /// <summary>The caller's card shows an older <see cref="Session.Version"/>: re-render, change nothing.</summary>
    Stale,
    /// <summary>A domain rule said no (<see cref="SessionUpdateResult.Rejection"/>, a text key).</summary>
    Rejected,
}

public sealed record SessionUpdateResult(SessionUpdateStatus Status, Session? Session, Bitacora.Bot.Texts.TextRef? Rejection = null);

/// <summary>
/// Sessions and their indexes in Table Storage:
/// <list type="bullet">
/// <item>"Sessions": PartitionKey = scope ("territory:{id}" / "unit:{id}", escaped), RowKey = newest-first creation
/// time + "~" + period + "~" + N° (unique: N° is unique per scope and period). Listing a territory's sessions newest first is one partition query; the session id is
/// "{PartitionKey}/{RowKey}" ('/' never occurs in an escaped key), so reading a session by id is a point read.</item>
/// <item>"SessionCounters": PartitionKey = scope, RowKey = period, property Next: the N°k allocator, updated with ETags.</item>
/// <item>"SessionPointers": PartitionKey = escaped conversation id, RowKey "current": the running session of a
/// conversation, a point read for every message.</item>
/// <item>"SessionParticipants": PartitionKey = escaped session id, RowKey = escaped participant id (upserts never conflict).</item>
/// </list>
/// One file a table: this one the sessions themselves, SessionRepository.Numbers.cs the counters,
/// SessionRepository.Pointers.cs the conversation pointers, SessionRepository.Participants.cs the participants;
/// SessionEntity maps a session to its row.
/// </summary>
public sealed partial class SessionRepository(TableClientProvider tables, TimeProvider time, IOptions<SessionOptions> options,
    AfterAnswerWrites? afterAnswer = null)
{
    public const string SessionsTable = "Sessions";
    public const string CountersTable = "SessionCounters";
    public const string PointersTable = "SessionPointers";
    public const string ParticipantsTable = "SessionParticipants";
    private const string PointerRowKey = "current";

    private int MaxAttempts => options.Value.MaxWriteAttempts;

    /// <summary>
    /// Creates a session with the next N° of its scope and period, records the starter as participant and, when a
    /// conversation is given, makes it that conversation's current session. A number is never given twice; if the
    /// insert fails after allocation the number is skipped (gaps are acceptable, duplicates are not).
    /// </summary>
    public async Task<Session> StartAsync(StartSession start, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(start.GuideId);
        if (!SessionPeriods.IsValid(start.Period))
        {
            throw new ArgumentException($"Invalid period '{start.Period}'.", nameof(start));
        }
        var number = start.Number ?? await AllocateNumberAsync(start.Scope, start.Period, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // A logbook record's N° is per guide: the guide id keeps its key apart from a DEP N° of the same instant.
        var numbering = start.Logbook is null ? "" : "~" + start.GuideId;
        var rowKey = TableKeys.NewestFirst(now) + "~" + start.Period + numbering + "~" + TableKeys.Number(number);
        var session = new Session
        {
            Id = start.Scope.Key + "/" + rowKey,
            Scope = start.Scope,
            Unit = start.Unit,
            GuideId = start.GuideId,
            Logbook = start.Logbook,
            GuideVersion = start.GuideVersion,
            Period = start.Period,
            Number = number,
            Date = start.Date,
            Objective = Session.Clean(start.Objective),
            Strategy = Session.Clean(start.Strategy),
            Status = SessionStatus.Active,
            CurrentSectionIndex = 0,
            ConversationId = start.ConversationId,
            StartedBy = start.StartedBy,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(SessionEntity.ToEntity(session), cancellationToken).ConfigureAwait(false);
        await AddParticipantAsync(session.Id, start.StartedBy, cancellationToken).ConfigureAwait(false);
        if (start.Claim is { } claim)
        {
            await CompleteClaimAsync(claim, session.Id, cancellationToken).ConfigureAwait(false);
        }
        else if (start.ConversationId is not null)
        {
            await SetCurrentForConversationAsync(start.ConversationId, session.Id, cancellationToken).ConfigureAwait(false);
        }
        return session;
    }

    public async Task<Session?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!SessionEntity.TrySplitId(sessionId, out var partitionKey, out var rowKey)) return null;
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? SessionEntity.FromEntity(entity.Value!) : null;
    }

    /// <summary>The scope's sessions, newest first, at most <paramref name="max"/> (one partition query).</summary>
    public async Task<IReadOnlyList<Session>> ListByScopeAsync(SessionScope scope, int max = 50, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        var sessions = new List<Session>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {scope.Key}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(SessionEntity.FromEntity(entity));
            if (sessions.Count >= max) break;
        }
        return sessions;
    }

    /// <summary>
    /// Applies a domain change with optimistic concurrency. When <paramref name="expectedVersion"/> is given (the version
    /// the clicked card was rendered with) and the stored session has another version, nothing changes and the result
    /// is <see cref="SessionUpdateStatus.Stale"/>. Without it, a lost ETag race re-applies the change on fresh data.
    /// </summary>
    public async Task<SessionUpdateResult> UpdateAsync(
        string sessionId,
        long? expectedVersion,
        Func<Session, SessionTransition> change,
        CancellationToken cancellationToken = default)
    {
        if (!SessionEntity.TrySplitId(sessionId, out var partitionKey, out var rowKey)) return new(SessionUpdateStatus.NotFound, null);
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entity.HasValue) return new(SessionUpdateStatus.NotFound, null);
            var session = SessionEntity.FromEntity(entity.Value!);
            if (expectedVersion is { } expected && expected != session.Version)
            {
                return new(SessionUpdateStatus.Stale, session);
            }
            var transition = change(session);
            if (transition.Next is not { } next)
            {
                return new(SessionUpdateStatus.Rejected, session, transition.Rejection);
            }
            next = next with { Id = session.Id, Version = session.Version + 1, UpdatedAt = time.GetUtcNow() };
            try
            {
                await table.UpdateEntityAsync(SessionEntity.ToEntity(next), entity.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new(SessionUpdateStatus.Updated, next);
            }
            catch (RequestFailedException e) when (VersionedRows.IsConcurrencyConflict(e))
            {
                if (attempt >= MaxAttempts) throw new ConcurrencyLimitException($"Could not update session {sessionId}.", e);
                await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<SessionUpdateResult> GoToSectionAsync(string sessionId, long? expectedVersion, int sectionIndex, int sectionCount, CancellationToken cancellationToken = default) =>
        UpdateAsync(sessionId, expectedVersion, s => s.GoToSection(sectionIndex, sectionCount), cancellationToken);

    public Task<SessionUpdateResult> PauseAsync(string sessionId, long? expectedVersion, CancellationToken cancellationToken = default) =>
        UpdateAsync(sessionId, expectedVersion, s => s.Pause(), cancellationToken);

    /// <summary>Resumes (from any conversation: it becomes the session's conversation and points to it).</summary>
    public async Task<SessionUpdateResult> ResumeAsync(string sessionId, long? expectedVersion, string? conversationId, CancellationToken cancellationToken = default)
    {
        var result = await UpdateAsync(sessionId, expectedVersion, s => s.Resume(conversationId), cancellationToken).ConfigureAwait(false);
        if (result.Status == SessionUpdateStatus.Updated && conversationId is not null)
        {
            await SetCurrentForConversationAsync(conversationId, sessionId, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>Finishes the session and clears its conversation's pointer (if it still points to it).</summary>
    public async Task<SessionUpdateResult> FinishAsync(string sessionId, long? expectedVersion, Participant? by = null, CancellationToken cancellationToken = default)
    {
        var result = await UpdateAsync(sessionId, expectedVersion, s => s.Finish(by, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (result is { Status: SessionUpdateStatus.Updated, Session.ConversationId: { } conversationId })
        {
            await ClearCurrentForConversationAsync(conversationId, sessionId, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>Remembers the session's status message (a merge of one property: the card version does not change).</summary>
    public Task SetStatusMessageAsync(string sessionId, string activityId, CancellationToken cancellationToken = default) =>
        SetMessageAsync(sessionId, "StatusActivityId", activityId, cancellationToken);

    /// <summary>Remembers the message showing the session's summary (a merge of one property).</summary>
    public Task SetSummaryMessageAsync(string sessionId, string activityId, CancellationToken cancellationToken = default) =>
        SetMessageAsync(sessionId, "SummaryActivityId", activityId, cancellationToken);

    private async Task SetMessageAsync(string sessionId, string property, string activityId, CancellationToken cancellationToken)
    {
        if (!SessionEntity.TrySplitId(sessionId, out var partitionKey, out var rowKey)) return;
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { [property] = activityId }, ETag.All,
            TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }
}
