using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Attendance;

/// <summary>What a save did: how many people changed, and how many are present now.</summary>
public sealed record AttendanceSave(int Changed, int Present);

/// <summary>
/// Attendance of sessions: the «presentes» card, marks from it and from the start card, and who is present (for the
/// status message, «participación» and the semester summary). Implements the meeting flow's <see cref="ISessionAttendance"/>.
/// </summary>
public sealed class AttendanceService(
    AttendanceStore store,
    AttendanceCards cards,
    ConversationRoster roster,
    AnswerRepository answers,
    AttendanceCache cache,
    TimeProvider time,
    ILogger<AttendanceService> logger) : ISessionAttendance
{
    public Task<IReadOnlyList<AttendanceEntry>> ListAsync(string sessionId, CancellationToken ct) =>
        store.ListAsync(AttendanceStore.SessionPartition(sessionId), ct);

    /// <summary>The people present at the session, by name.</summary>
    public Task<IReadOnlyList<AttendanceEntry>> PresentAsync(string sessionId, CancellationToken ct) => store.PresentAsync(sessionId, ct);

    /// <summary>Names of the people present, for the status message (re-rendered on every save): kept for the meeting
    /// (<see cref="AttendanceCache"/>), dropped whenever this instance records a change.</summary>
    public Task<IReadOnlyList<string>> PresentNamesAsync(string sessionId, CancellationToken cancellationToken) =>
        cache.PresentNamesAsync(sessionId, async () => (await PresentAsync(sessionId, cancellationToken)).Select(e => e.Name).ToList());

    /// <summary>The attendance card of <paramref name="session"/> as it is now.</summary>
    public async Task<JsonObject> CardAsync(ITurnContext turn, Session session, string? notice, CancellationToken ct)
    {
        var members = await roster.MembersAsync(turn, ct);
        var entries = await ListAsync(session.Id, ct);
        var choices = AttendanceCards.Choices(members, entries);
        var shown = choices.Count(c => members.Any(m => AttendanceKeys.Of(m) == c.Key));
        var respondents = (await answers.ReadAsync(session.Id, [], cancellationToken: ct)).Tally.Respondents.Count;
        return cards.Card(new AttendanceView(session, choices, members.Count, shown, entries, respondents), notice);
    }

    /// <summary>
    /// Applies a save of the attendance card (or the start card): ticked people not yet present are marked, people the
    /// card showed as present (<paramref name="shownKeys"/>) and the author un-ticked are unmarked, typed names are added
    /// (a name that is a member's is that member). Nobody else's marks are touched.
    /// </summary>
    public async Task<AttendanceSave> SaveAsync(ITurnContext turn, Session session, string? ticked, string? shownKeys, string? guests,
        CancellationToken ct)
    {
        var partition = AttendanceStore.SessionPartition(session.Id);
        var entries = await store.ListAsync(partition, ct);
        var selected = Keys(ticked);
        var shown = Keys(shownKeys);
        var typed = AttendanceKeys.SplitGuests(guests);
        var members = selected.Count > 0 || typed.Count > 0 ? await roster.MembersAsync(turn, ct) : [];
        PersonIdentity? Find(string key)
        {
            if (members.FirstOrDefault(m => AttendanceKeys.Of(m) == key) is { } member) return member;
            return entries.FirstOrDefault(e => e.Key == key && !e.IsGuest) is { } e ? new PersonIdentity(e.Name, e.TeamsUserId, e.AadObjectId, e.Email) : null;
        }

        var marks = new List<(PersonIdentity Person, bool IsGuest, bool Present)>();
        var present = entries.Where(e => e.IsPresent).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in selected.Where(k => !present.Contains(k)))
        {
            if (entries.FirstOrDefault(e => e.Key == key && e.IsGuest) is { } guest)
            {
                marks.Add((new PersonIdentity(guest.Name, null, null, null), true, true));
            }
            else if (Find(key) is { } person)
            {
                marks.Add((person, false, true));
            }
        }
        foreach (var key in shown.Where(k => !selected.Contains(k) && present.Contains(k)))
        {
            var entry = entries.First(e => e.Key == key);
            marks.Add((new PersonIdentity(entry.Name, entry.TeamsUserId, entry.AadObjectId, entry.Email), entry.IsGuest, false));
        }
        foreach (var name in typed)
        {
            var normalized = AttendanceKeys.Normalize(name);
            if (members.FirstOrDefault(m => AttendanceKeys.Normalize(m.Name) == normalized) is { } member)
            {
                if (!present.Contains(AttendanceKeys.Of(member)) && marks.All(m => m.Person.Key != member.Key)) marks.Add((member, false, true));
            }
            else if (!present.Contains(AttendanceKeys.Guest(name)))
            {
                marks.Add((new PersonIdentity(name, null, null, null), true, true));
            }
        }
        if (marks.Count > 0)
        {
            var by = (await turn.GetActorAsync(ct)).Name;
            await store.MarkAsync(partition, marks, by, time.GetUtcNow(), ct);
            cache.Forget(session.Id);
            logger.LogInformation("Attendance of session {SessionId}: {Changed} people changed", session.Id, marks.Count);
        }
        var now = (await store.ListAsync(partition, ct)).Count(e => e.IsPresent);
        return new AttendanceSave(marks.Count, now);
    }

    // ---- ISessionAttendance (the meeting flow's start card) ----

    public async Task<IReadOnlyList<JsonObject>> StartCardElementsAsync(ITurnContext turn, JsonObject? typed, CancellationToken cancellationToken) =>
        cards.StartElements(await roster.MembersAsync(turn, cancellationToken), typed);

    public async Task SessionStartedAsync(ITurnContext turn, Session session, JsonObject data, CancellationToken cancellationToken)
    {
        // Whoever is already in the conversation's Teams meeting is present from the start.
        if (session.ConversationId is { } conversationId)
        {
            await store.CopyInMeetingAsync(AttendanceStore.ConversationPartition(conversationId), AttendanceStore.SessionPartition(session.Id),
                time.GetUtcNow(), cancellationToken);
            cache.Forget(session.Id);
        }
        var ticked = data[AttendanceCards.PresentInput]?.ToString();
        var guests = data[AttendanceCards.GuestsInput]?.ToString();
        if (!string.IsNullOrWhiteSpace(ticked) || !string.IsNullOrWhiteSpace(guests))
        {
            await SaveAsync(turn, session, ticked, null, guests, cancellationToken);
        }
    }

    private static HashSet<string> Keys(string? commaSeparated) =>
        (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => k.Length <= 400).Take(AttendanceCards.MaxChoices * 2).ToHashSet(StringComparer.Ordinal);
}
