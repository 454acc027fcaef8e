using System.Text.RegularExpressions;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Sessions;

public enum SessionStatus
{
    Active,
    Paused,
    Finished,
}

public enum SessionScopeKind
{
    Territory,
    Unit,
}

/// <summary>Who a session is about: a territory (JUNJI ETT) or an educational unit / school (DEP).</summary>
public sealed record SessionScope(SessionScopeKind Kind, string Id, string Name)
{
    public static SessionScope Territory(string id, string name) => new(SessionScopeKind.Territory, id, name);

    public static SessionScope Unit(string id, string name) => new(SessionScopeKind.Unit, id, name);

    /// <summary>The partition of this scope's sessions and counters.</summary>
    internal string Key => Storage.TableKeys.Escape((Kind == SessionScopeKind.Territory ? "territory:" : "unit:") + Id);
}

/// <summary>
/// The educational unit a session is about, when it is about one. Its session still belongs to the unit's territory
/// (<see cref="Session.Scope"/>): N°k counts the territory's meetings in the period, whatever unit they were about.
/// </summary>
public sealed record SessionUnit(string Id, string Name);

/// <summary>A person in Teams: AAD object id (or Teams user id when AAD is absent) and display name.</summary>
public sealed record Participant(string Id, string Name);

/// <summary>
/// One meeting that walks a group through a guide. <see cref="Version"/> changes whenever what the shared card shows
/// about the session (section, status, details) changes, so a click on a card rendered at an older version is
/// recognised as stale. Answers do not bump it: 50 people answering the same card must not invalidate each other.
/// </summary>
public sealed record Session
{
    public required string Id { get; init; }
    public required SessionScope Scope { get; init; }
    /// <summary>The unit the meeting is about (DEP support sessions), inside <see cref="Scope"/>'s territory; null for a territory meeting.</summary>
    public SessionUnit? Unit { get; init; }
    public required string GuideId { get; init; }
    public required int GuideVersion { get; init; }
    /// <summary>
    /// The period logbook this session is a record of (Logbook/LogbookKey.Id), for guides that keep one (JUNJI); its
    /// <see cref="Number"/> is then the record's N°k in that logbook. Null for DEP sessions and for JUNJI sessions
    /// stored before logbooks existed.
    /// </summary>
    public string? Logbook { get; init; }
    /// <summary>The school/working year the N°k numbering restarts in, e.g. "2026".</summary>
    public required string Period { get; init; }
    /// <summary>N°k: 1, 2, 3… per scope and period.</summary>
    public required int Number { get; init; }
    public required DateOnly Date { get; init; }
    public string? Objective { get; init; }
    public string? Strategy { get; init; }
    public SessionStatus Status { get; init; } = SessionStatus.Active;
    public int CurrentSectionIndex { get; init; }
    /// <summary>The Teams conversation where the session runs (its current-session pointer).</summary>
    public string? ConversationId { get; init; }
    public required Participant StartedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; } = 1;
    /// <summary>The small status message everyone sees updated in place (progress, who answered); null until posted.</summary>
    public string? StatusActivityId { get; init; }
    /// <summary>The message that shows the session's summary (the card «Finalizar» replaced), updated when commitments are added.</summary>
    public string? SummaryActivityId { get; init; }
    /// <summary>Every finish and reopen, oldest first (kept forever: a reopened session still shows it was closed).</summary>
    public SessionHistory History { get; init; } = SessionHistory.Empty;

    public SessionTransition GoToSection(int index, int sectionCount)
    {
        if (Status == SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.FinishedNoNavigate));
        if (Status == SessionStatus.Paused) return SessionTransition.Reject(new TextRef(SessionMessages.PausedResumeHint));
        if (index < 0 || index >= sectionCount) return SessionTransition.Reject(new TextRef(SessionMessages.UnknownSection));
        return SessionTransition.To(this with { CurrentSectionIndex = index });
    }

    public SessionTransition Pause()
    {
        if (Status == SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.Finished));
        if (Status == SessionStatus.Paused) return SessionTransition.Reject(new TextRef(SessionMessages.AlreadyPaused));
        return SessionTransition.To(this with { Status = SessionStatus.Paused });
    }

    /// <summary>Back to active, optionally in another conversation (the pointer is moved by the repository).</summary>
    public SessionTransition Resume(string? conversationId = null)
    {
        if (Status == SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.FinishedStartNew));
        return SessionTransition.To(this with { Status = SessionStatus.Active, ConversationId = conversationId ?? ConversationId });
    }

    public SessionTransition Finish(Participant? by = null, DateTimeOffset? at = null)
    {
        if (Status == SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.Finished));
        return SessionTransition.To(this with { Status = SessionStatus.Finished, History = Record(SessionEventKind.Finished, by, at) });
    }

    /// <summary>A finished session back to active, on the section it was on; the finish stays in <see cref="History"/>.</summary>
    public SessionTransition Reopen(Participant by, DateTimeOffset at)
    {
        if (Status != SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.NotFinished));
        return SessionTransition.To(this with { Status = SessionStatus.Active, History = Record(SessionEventKind.Reopened, by, at) });
    }

    /// <summary>The last finish or reopen.</summary>
    public SessionEvent? LastEvent => History.Count == 0 ? null : History[^1];

    private SessionHistory Record(SessionEventKind kind, Participant? by, DateTimeOffset? at) =>
        by is null || at is null ? History : new SessionHistory([.. History.TakeLast(MaxHistory - 1), new SessionEvent(kind, by, at.Value)]);

    /// <summary>Events kept on the session row (the oldest are dropped beyond it; a row property stays small).</summary>
    public const int MaxHistory = 20;

    public SessionTransition UpdateDetails(DateOnly date, string? objective, string? strategy)
    {
        if (Status == SessionStatus.Finished) return SessionTransition.Reject(new TextRef(SessionMessages.Finished));
        return SessionTransition.To(this with { Date = date, Objective = Clean(objective), Strategy = Clean(strategy) });
    }

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public enum SessionEventKind
{
    Finished,
    Reopened,
}

/// <summary>Who finished or reopened the session, and when.</summary>
public sealed record SessionEvent(SessionEventKind Kind, Participant By, DateTimeOffset At);

/// <summary>A session's finishes and reopens, oldest first; equal when the events are (so sessions compare by value).</summary>
public sealed class SessionHistory(IReadOnlyList<SessionEvent> events) : IReadOnlyList<SessionEvent>, IEquatable<SessionHistory>
{
    public static SessionHistory Empty { get; } = new([]);

    public SessionEvent this[int index] => events[index];

    public int Count => events.Count;

    public IEnumerator<SessionEvent> GetEnumerator() => events.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(SessionHistory? other) => other is not null && events.SequenceEqual(other);

    public override bool Equals(object? obj) => Equals(obj as SessionHistory);

    public override int GetHashCode() => events.Count;
}

/// <summary>The result of a domain rule: the next state, or why not (a text key, shown on the card).</summary>
public sealed record SessionTransition(Session? Next, TextRef? Rejection)
{
    public static SessionTransition To(Session next) => new(next, null);

    public static SessionTransition Reject(TextRef reason) => new(null, reason);
}

/// <summary>
/// What to start: the scope, the guide, the meeting's date, objective and strategy, who starts it and where. A logbook
/// record passes its <paramref name="Logbook"/> and the <paramref name="Number"/> the logbook allocated; otherwise the
/// number comes from the scope's counter. With a <paramref name="Claim"/> (<see cref="SessionRepository.ClaimConversationAsync"/>)
/// the conversation's pointer is completed only if the claim still holds; without one it is simply set.
/// </summary>
public sealed record StartSession(
    SessionScope Scope,
    string GuideId,
    int GuideVersion,
    string Period,
    DateOnly Date,
    string? Objective,
    string? Strategy,
    Participant StartedBy,
    string? ConversationId,
    SessionUnit? Unit = null,
    string? Logbook = null,
    int? Number = null,
    ConversationClaim? Claim = null);

public static partial class SessionPeriods
{
    /// <summary>The default period of a meeting date: its calendar year (the Chilean school year).</summary>
    public static string ForDate(DateOnly date) => date.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9A-Za-z-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string period) => Pattern().IsMatch(period);
}
