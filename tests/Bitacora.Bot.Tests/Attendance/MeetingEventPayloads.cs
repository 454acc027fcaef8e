using System.Text.Json.Nodes;
using Bitacora.Bot.Tests.Infrastructure;

namespace Bitacora.Bot.Tests.Attendance;

/// <summary>
/// Teams meeting events as Microsoft documents them. Start/end: "Meeting apps APIs" → "Example of meeting start/end event
/// payload" (learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis; the documented name
/// carries a leading space, kept here; the end time is spelled "EndTime"). Participant join/leave: the value is
/// MeetingParticipantsEventDetails { members: [TeamsMeetingMember { user: TeamsChannelAccount, meeting: UserMeetingDetails
/// { inMeeting, role } }] } (Microsoft.Bot.Schema.Teams / Agents SDK reference). Only ids, serviceUrl and times are ours.
/// </summary>
internal static class MeetingEventPayloads
{
    public static JsonObject Start(BotPipeline bot, Conversation conversation, DateTimeOffset at) =>
        Event(bot, conversation, " application/vnd.microsoft.meetingStart", new JsonObject
        {
            ["id"] = "meeting_id",
            ["joinUrl"] = "join_url",
            ["title"] = "Comunidad de aprendizaje",
            ["meetingType"] = "Scheduled",
            ["startTime"] = at.ToString("O"),
        });

    public static JsonObject End(BotPipeline bot, Conversation conversation, DateTimeOffset at) =>
        Event(bot, conversation, " application/vnd.microsoft.meetingEnd", new JsonObject
        {
            ["id"] = "meeting_id",
            ["joinUrl"] = "join_url",
            ["title"] = "Comunidad de aprendizaje",
            ["meetingType"] = "Scheduled",
            ["EndTime"] = at.ToString("O"),
        });

    public static JsonObject Join(BotPipeline bot, Conversation conversation, params (string Id, string Name, string Aad)[] users) =>
        Participants(bot, conversation, "application/vnd.microsoft.meetingParticipantJoin", true, users);

    public static JsonObject Leave(BotPipeline bot, Conversation conversation, params (string Id, string Name, string Aad)[] users) =>
        Participants(bot, conversation, "application/vnd.microsoft.meetingParticipantLeave", false, users);

    private static JsonObject Participants(BotPipeline bot, Conversation conversation, string name, bool inMeeting,
        (string Id, string Name, string Aad)[] users) =>
        Event(bot, conversation, name, new JsonObject
        {
            ["members"] = new JsonArray([.. users.Select(u => (JsonNode)new JsonObject
            {
                ["user"] = new JsonObject
                {
                    ["tenantId"] = "tenant-1",
                    ["objectId"] = u.Aad,
                    ["id"] = u.Id,
                    ["name"] = u.Name,
                    ["aadObjectId"] = u.Aad,
                },
                ["meeting"] = new JsonObject { ["inMeeting"] = inMeeting, ["role"] = "Attendee" },
            })]),
        });

    private static JsonObject Event(BotPipeline bot, Conversation conversation, string name, JsonObject value)
    {
        var activity = bot.Activity("event", conversation, "29:organizer", "Organizadora");
        activity["name"] = name;
        activity["value"] = value;
        activity["channelData"]!["meeting"] = new JsonObject { ["id"] = "meeting_id" };
        return activity;
    }
}
