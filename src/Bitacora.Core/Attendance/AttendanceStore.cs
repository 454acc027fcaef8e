using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Attendance;

/// <summary>The Teams meeting of a conversation or session, as the meeting events told it.</summary>
public sealed record MeetingTimes(string? MeetingId, string? Title, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>
/// Table "SessionAttendance": one row per person and session — PartitionKey = escaped session id (every read is "who
/// was at this session": one partition query), RowKey = escaped <see cref="AttendanceEntry.Key"/>. A conversation's
/// Teams meeting before any session runs there is kept under PartitionKey "conv~{escaped conversation id}" and copied
/// into the session when it starts. The row "~meeting" of a partition holds the meeting's start and end.
/// <para>Concurrency: two people marking at the same time write different rows, or merge the same properties of the
/// same person's row (the later tick wins for that person — both said the same thing about the same person); nothing
/// anyone marked is overwritten by a write about someone else. Meeting events and card marks write disjoint
/// properties (Joined… vs Marked…) with Merge, so neither erases the other. The one read-modify-write (the first join
/// time) is ETag-conditional and retried.</para>
/// </summary>
public sealed class AttendanceStore(TableClientProvider tables)
{
    public const string TableName = "SessionAttendance";
    private const string MeetingRow = "~meeting";
    private const int MaxAttempts = 5;

    public static string SessionPartition(string sessionId) => TableKeys.Escape(sessionId);

    public static string ConversationPartition(string conversationId) => "conv~" + TableKeys.Escape(conversationId);

    /// <summary>Marks (or unmarks) people on behalf of <paramref name="by"/>: one merge per person, no read.</summary>
    public async Task MarkAsync(string partition, IEnumerable<(PersonIdentity Person, bool IsGuest, bool Present)> marks, string by,
        DateTimeOffset at, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        foreach (var (person, guest, present) in marks)
        {
            var key = guest ? AttendanceKeys.Guest(person.Name) : AttendanceKeys.Of(person);
            var entity = Identity(partition, key, person, guest);
            entity["Marked"] = present;
            entity["MarkedBy"] = by;
            entity["MarkedAt"] = at;
            await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Teams says <paramref name="person"/> joined the meeting at <paramref name="at"/> (the first join time is kept).</summary>
    public async Task JoinAsync(string partition, PersonIdentity person, DateTimeOffset at, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var key = AttendanceKeys.Of(person);
        // Someone may write this person's row in between (a tick, another event): then read it again.
        await ConditionalWrite.RetryOnConflictAsync(async _ =>
        {
            var entity = Identity(partition, key, person, guest: false);
            entity["Joined"] = true;
            entity["InMeeting"] = true;
            entity["LastJoinedAt"] = at;
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey(key), cancellationToken: ct).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                entity["FirstJoinedAt"] = at;
                await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
                return;
            }
            if (existing.Value!.GetDateTimeOffset("FirstJoinedAt") is null)
            {
                entity["FirstJoinedAt"] = at;
            }
            await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Merge, ct).ConfigureAwait(false);
        }, MaxAttempts, ct).ConfigureAwait(false);
    }

    /// <summary>Teams says <paramref name="person"/> left the meeting.</summary>
    public async Task LeaveAsync(string partition, PersonIdentity person, DateTimeOffset at, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var entity = Identity(partition, AttendanceKeys.Of(person), person, guest: false);
        entity["Joined"] = true; // a leave means they were there
        entity["InMeeting"] = false;
        entity["LastLeftAt"] = at;
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, ct).ConfigureAwait(false);
    }

    /// <summary>The people present at a session, by name (es-CL).</summary>
    public async Task<IReadOnlyList<AttendanceEntry>> PresentAsync(string sessionId, CancellationToken ct) =>
        (await ListAsync(SessionPartition(sessionId), ct).ConfigureAwait(false)).Where(e => e.IsPresent)
            .OrderBy(e => e.Name, StringComparer.Create(Sessions.Flow.ChileTime.Culture, ignoreCase: true)).ToList();

    /// <summary>Everyone of the partition (people only, not the meeting row), unordered.</summary>
    public async Task<IReadOnlyList<AttendanceEntry>> ListAsync(string partition, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var list = new List<AttendanceEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            if (e.RowKey != MeetingRow) list.Add(FromEntity(e));
        }
        return list;
    }

    public async Task SetMeetingAsync(string partition, string? meetingId, string? title, DateTimeOffset? startedAt, DateTimeOffset? endedAt,
        CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var entity = new TableEntity(partition, MeetingRow);
        if (meetingId is not null) entity["MeetingId"] = meetingId;
        if (title is not null) entity["Title"] = title;
        if (startedAt is not null) entity["StartedAt"] = startedAt;
        if (endedAt is not null) entity["EndedAt"] = endedAt;
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, ct).ConfigureAwait(false);
    }

    public async Task<MeetingTimes?> GetMeetingAsync(string partition, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, MeetingRow, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue
            ? new MeetingTimes(row.Value!.GetString("MeetingId"), row.Value.GetString("Title"), row.Value.GetDateTimeOffset("StartedAt"),
                row.Value.GetDateTimeOffset("EndedAt"))
            : null;
    }

    /// <summary>The meeting ended: everyone still in it left at <paramref name="at"/>.</summary>
    public async Task EndMeetingAsync(string partition, DateTimeOffset at, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        foreach (var entry in (await ListAsync(partition, ct).ConfigureAwait(false)).Where(e => e.InMeeting))
        {
            await table.UpsertEntityAsync(new TableEntity(partition, RowKey(entry.Key)) { ["InMeeting"] = false, ["LastLeftAt"] = at },
                TableUpdateMode.Merge, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Copies who is in the conversation's meeting into a session that just started there.</summary>
    public async Task CopyInMeetingAsync(string fromPartition, string toPartition, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var entry in (await ListAsync(fromPartition, ct).ConfigureAwait(false)).Where(e => e.InMeeting))
        {
            await JoinAsync(toPartition, new PersonIdentity(entry.Name, entry.TeamsUserId, entry.AadObjectId, entry.Email),
                entry.FirstJoinedAt ?? now, ct).ConfigureAwait(false);
        }
    }

    private static string RowKey(string key) => TableKeys.Escape(key);

    private static TableEntity Identity(string partition, string key, PersonIdentity person, bool guest)
    {
        var entity = new TableEntity(partition, RowKey(key)) { ["Name"] = person.Name, ["Guest"] = guest };
        if (person.TeamsUserId is not null) entity["TeamsUserId"] = person.TeamsUserId;
        if (person.AadObjectId is not null) entity["AadObjectId"] = person.AadObjectId;
        if (person.Email is not null) entity["Email"] = person.Email;
        return entity;
    }

    private static AttendanceEntry FromEntity(TableEntity e) => new()
    {
        Key = TableKeys.Unescape(e.RowKey),
        Name = e.GetString("Name") ?? TableKeys.Unescape(e.RowKey),
        TeamsUserId = e.GetString("TeamsUserId"),
        AadObjectId = e.GetString("AadObjectId"),
        Email = e.GetString("Email"),
        IsGuest = e.GetBoolean("Guest") ?? false,
        Marked = e.GetBoolean("Marked"),
        MarkedBy = e.GetString("MarkedBy"),
        MarkedAt = e.GetDateTimeOffset("MarkedAt"),
        Joined = e.GetBoolean("Joined") ?? false,
        InMeeting = e.GetBoolean("InMeeting") ?? false,
        FirstJoinedAt = e.GetDateTimeOffset("FirstJoinedAt"),
        LastLeftAt = e.GetDateTimeOffset("LastLeftAt"),
    };
}
