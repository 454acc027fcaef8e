using System.Globalization;
using System.Text.Json;
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
/// </summary>
public sealed partial class SessionRepository(TableClientProvider tables, TimeProvider time, IOptions<SessionOptions> options)
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
        await table.AddEntityAsync(ToEntity(session), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The next N° for a scope and period: insert-if-absent, then ETag-conditional increments with retry.</summary>
    public async Task<int> AllocateNumberAsync(SessionScope scope, string period, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(CountersTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(scope.Key, period, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(scope.Key, period) { ["Next"] = 2 }, cancellationToken).ConfigureAwait(false);
                    return 1;
                }
                var counter = existing.Value!;
                var number = counter.GetInt32("Next") ?? 1;
                counter["Next"] = number + 1;
                await table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return number;
            }
            catch (RequestFailedException e) when (VersionedRows.IsConcurrencyConflict(e))
            {
                if (attempt >= MaxAttempts) throw new ConcurrencyLimitException($"Could not allocate a session number for {scope.Key}/{period}.", e);
                await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<Session?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!TrySplitId(sessionId, out var partitionKey, out var rowKey)) return null;
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    /// <summary>The scope's sessions, newest first, at most <paramref name="max"/> (one partition query).</summary>
    public async Task<IReadOnlyList<Session>> ListByScopeAsync(SessionScope scope, int max = 50, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        var sessions = new List<Session>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {scope.Key}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(FromEntity(entity));
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
        if (!TrySplitId(sessionId, out var partitionKey, out var rowKey)) return new(SessionUpdateStatus.NotFound, null);
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entity.HasValue) return new(SessionUpdateStatus.NotFound, null);
            var session = FromEntity(entity.Value!);
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
                await table.UpdateEntityAsync(ToEntity(next), entity.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
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
        if (!TrySplitId(sessionId, out var partitionKey, out var rowKey)) return;
        var table = await tables.GetAsync(SessionsTable, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { [property] = activityId }, ETag.All,
            TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    // ---- participants ----

    /// <summary>
    /// Records that <paramref name="participant"/> took part. Once per session, person and name in this process: a
    /// click is not a reason to write the same row again (the in-memory set is bounded; forgetting costs one upsert).
    /// </summary>
    public async Task AddParticipantAsync(string sessionId, Participant participant, CancellationToken cancellationToken = default)
    {
        var key = sessionId + "\n" + participant.Id + "\n" + participant.Name;
        if (_recordedParticipants.ContainsKey(key)) return;
        var table = await tables.GetAsync(ParticipantsTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(sessionId), TableKeys.Escape(participant.Id))
        {
            ["Name"] = participant.Name,
            ["LastSeenAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        if (_recordedParticipants.Count >= 10_000) _recordedParticipants.Clear();
        _recordedParticipants.TryAdd(key, 0);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _recordedParticipants = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Participant>> GetParticipantsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(ParticipantsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<Participant>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new Participant(TableKeys.Unescape(e.RowKey), e.GetString("Name")));
        }
        return list;
    }

    // ---- mapping ----

    private static bool TrySplitId(string sessionId, out string partitionKey, out string rowKey)
    {
        var slash = sessionId.IndexOf('/', StringComparison.Ordinal);
        partitionKey = slash > 0 ? sessionId[..slash] : "";
        rowKey = slash > 0 ? sessionId[(slash + 1)..] : "";
        return slash > 0 && rowKey.Length > 0 && !rowKey.Contains('/');
    }

    private static TableEntity ToEntity(Session s)
    {
        TrySplitId(s.Id, out var partitionKey, out var rowKey);
        return new TableEntity(partitionKey, rowKey)
        {
            ["ScopeKind"] = s.Scope.Kind.ToString(),
            ["ScopeId"] = s.Scope.Id,
            ["ScopeName"] = s.Scope.Name,
            ["UnitId"] = s.Unit?.Id,
            ["UnitName"] = s.Unit?.Name,
            ["GuideId"] = s.GuideId,
            ["Logbook"] = s.Logbook,
            ["GuideVersion"] = s.GuideVersion,
            ["Period"] = s.Period,
            ["Number"] = s.Number,
            ["Date"] = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Objective"] = s.Objective,
            ["Strategy"] = s.Strategy,
            ["Status"] = s.Status.ToString(),
            ["CurrentSectionIndex"] = s.CurrentSectionIndex,
            ["ConversationId"] = s.ConversationId,
            ["StartedById"] = s.StartedBy.Id,
            ["StartedByName"] = s.StartedBy.Name,
            ["CreatedAt"] = s.CreatedAt,
            ["UpdatedAt"] = s.UpdatedAt,
            ["Version"] = s.Version,
            ["StatusActivityId"] = s.StatusActivityId,
            ["SummaryActivityId"] = s.SummaryActivityId,
            ["History"] = s.History.Count == 0 ? null : JsonSerializer.Serialize<IReadOnlyList<SessionEvent>>(s.History, HistoryJson),
        };
    }

    private static Session FromEntity(TableEntity e) => new()
    {
        Id = e.PartitionKey + "/" + e.RowKey,
        Scope = new SessionScope(Enum.Parse<SessionScopeKind>(e.GetString("ScopeKind")), e.GetString("ScopeId"), e.GetString("ScopeName")),
        Unit = e.GetString("UnitId") is { Length: > 0 } unitId ? new SessionUnit(unitId, e.GetString("UnitName") ?? unitId) : null,
        GuideId = e.GetString("GuideId"),
        Logbook = e.GetString("Logbook"),
        GuideVersion = e.GetInt32("GuideVersion") ?? 1,
        Period = e.GetString("Period"),
        Number = e.GetInt32("Number") ?? 0,
        Date = DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Objective = e.GetString("Objective"),
        Strategy = e.GetString("Strategy"),
        Status = Enum.Parse<SessionStatus>(e.GetString("Status")),
        CurrentSectionIndex = e.GetInt32("CurrentSectionIndex") ?? 0,
        ConversationId = e.GetString("ConversationId"),
        StartedBy = new Participant(e.GetString("StartedById"), e.GetString("StartedByName")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Version = e.GetInt64("Version") ?? 1,
        StatusActivityId = e.GetString("StatusActivityId"),
        SummaryActivityId = e.GetString("SummaryActivityId"),
        History = e.GetString("History") is { Length: > 0 } history
            ? new SessionHistory(JsonSerializer.Deserialize<List<SessionEvent>>(history, HistoryJson) ?? [])
            : SessionHistory.Empty,
    };

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
