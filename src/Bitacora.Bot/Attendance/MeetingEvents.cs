using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Attendance;

/// <summary>
/// Teams meeting events (event activities; see README "Meeting events" for the documented payloads):
/// <c>application/vnd.microsoft.meetingStart</c> / <c>meetingEnd</c> (value: id, joinUrl, title, meetingType,
/// startTime / EndTime) and <c>application/vnd.microsoft.meetingParticipantJoin</c> / <c>meetingParticipantLeave</c>
/// (value.members[]: user = a Teams channel account, meeting = { inMeeting, role }). They are recorded as attendance of
/// the session running in the conversation, and — whether a session runs or not — of the conversation's meeting, so
/// people who joined before «Comenzar» are present from the start.
/// </summary>
public static class MeetingEventNames
{
    public const string Start = "application/vnd.microsoft.meetingStart";
    public const string End = "application/vnd.microsoft.meetingEnd";
    public const string ParticipantJoin = "application/vnd.microsoft.meetingParticipantJoin";
    public const string ParticipantLeave = "application/vnd.microsoft.meetingParticipantLeave";

    /// <summary>The event's name as Teams means it (a documented example carries a leading space; case is not significant).</summary>
    public static string? Of(Activity activity) => activity.Name?.Trim() is { Length: > 0 } name
        ? new[] { Start, End, ParticipantJoin, ParticipantLeave }.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
        : null;
}

/// <summary>
/// Records meeting events as attendance (a turn middleware, so the bot's router never sees them): conversation
/// partition always, the running session's partition when there is one, then the session's status message.
/// </summary>
public sealed class MeetingEventsMiddleware(
    AttendanceStore store,
    AttendanceCache cache,
    SessionRepository sessions,
    StatusMessages status,
    TimeProvider time,
    ILogger<MeetingEventsMiddleware> logger) : ITurnMiddleware
{
    /// <summary>Most participants taken from one event (Teams batches joins; a huge batch is cut, not refused).</summary>
    public const int MaxMembersPerEvent = 500;

    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsType(ActivityTypes.Event) || MeetingEventNames.Of(turn.Activity) is not { } name
            || turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            await next(cancellationToken);
            return;
        }
        var session = await sessions.GetCurrentForConversationAsync(conversationId, cancellationToken);
        if (session?.Status == SessionStatus.Finished) session = null;
        var partitions = new List<string> { AttendanceStore.ConversationPartition(conversationId) };
        if (session is not null) partitions.Add(AttendanceStore.SessionPartition(session.Id));
        var value = turn.Activity.Value as JsonObject;
        var now = time.GetUtcNow();
        switch (name)
        {
            case MeetingEventNames.Start:
            case MeetingEventNames.End:
                var meetingId = MeetingId(turn.Activity) ?? Text(value, "id");
                var title = Text(value, "title");
                var at = Instant(value, name == MeetingEventNames.Start ? "startTime" : "endTime") ?? now;
                foreach (var partition in partitions)
                {
                    await store.SetMeetingAsync(partition, meetingId, title, name == MeetingEventNames.Start ? at : null,
                        name == MeetingEventNames.End ? at : null, cancellationToken);
                    if (name == MeetingEventNames.End) await store.EndMeetingAsync(partition, at, cancellationToken);
                }
                if (session is not null) cache.Forget(session.Id);
                break;
            default:
                var people = Participants(value);
                foreach (var person in people)
                {
                    foreach (var partition in partitions)
                    {
                        if (name == MeetingEventNames.ParticipantJoin) await store.JoinAsync(partition, person, now, cancellationToken);
                        else await store.LeaveAsync(partition, person, now, cancellationToken);
                    }
                }
                if (session is not null) cache.Forget(session.Id);
                if (session is not null && people.Count > 0) status.Refresh(turn, session, null);
                break;
        }
        logger.LogInformation("Meeting event {Event} in {ConversationId} recorded (session {SessionId})", name, conversationId, session?.Id);
        await next(cancellationToken);
    }

    /// <summary>The participants of a join/leave event: each member's <c>user</c>, keyed as every feature keys people.</summary>
    public static IReadOnlyList<PersonIdentity> Participants(JsonObject? value)
    {
        if (value?["members"] is not JsonArray members) return [];
        var result = new List<PersonIdentity>();
        foreach (var member in members.Take(MaxMembersPerEvent))
        {
            if (member?["user"] is not JsonObject user) continue;
            TeamsChannelAccount? account;
            try
            {
                account = user.Deserialize<TeamsChannelAccount>(BotJson.Options);
            }
            catch (JsonException)
            {
                continue;
            }
            if (account is not null && PersonIdentity.FromMember(account) is { } person) result.Add(person);
        }
        return result.DistinctBy(p => p.Key).ToList();
    }

    private static string? MeetingId(Activity activity) =>
        activity.ChannelData?["meeting"]?["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;

    private static string? Text(JsonObject? value, string name) =>
        value?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? s : null;

    private static DateTimeOffset? Instant(JsonObject? value, string name) =>
        Text(value, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
