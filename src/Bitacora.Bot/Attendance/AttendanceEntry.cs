using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Attendance;

/// <summary>
/// One person's attendance at one session (or, before a session starts, at the Teams meeting of a conversation).
/// <see cref="Marked"/> is what people said on a card (null: nobody touched it; false: explicitly removed);
/// <see cref="Joined"/> is what Teams said through the meeting events. Presence is the card's word when there is one,
/// else Teams': a person taken off the list by hand stays off even though Teams saw them join.
/// </summary>
public sealed record AttendanceEntry
{
    /// <summary>The row key: <see cref="PersonIdentity.Key"/> for people Teams knows, "nombre:{name}" for guests typed by name.</summary>
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? TeamsUserId { get; init; }
    public string? AadObjectId { get; init; }
    public string? Email { get; init; }
    /// <summary>Typed by name on a card (not a member of the conversation, maybe not in Teams at all).</summary>
    public bool IsGuest { get; init; }
    public bool? Marked { get; init; }
    public string? MarkedBy { get; init; }
    public DateTimeOffset? MarkedAt { get; init; }
    public bool Joined { get; init; }
    public bool InMeeting { get; init; }
    public DateTimeOffset? FirstJoinedAt { get; init; }
    public DateTimeOffset? LastLeftAt { get; init; }

    public bool IsPresent => Marked ?? Joined;

    /// <summary>Whether <paramref name="participantId"/> (a session participant's AAD object id or Teams id) is this person.</summary>
    public bool Is(string participantId) =>
        string.Equals(participantId, AadObjectId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(participantId, TeamsUserId, StringComparison.Ordinal)
        || string.Equals(PersonKeys.Normalize(participantId), Key, StringComparison.Ordinal);
}

/// <summary>Keys of attendance rows.</summary>
public static class AttendanceKeys
{
    public const string GuestPrefix = "nombre:";

    /// <summary>Longest guest name kept.</summary>
    public const int MaxGuestName = 120;

    public static string Of(PersonIdentity person) => person.Key;

    /// <summary>A guest's key: their name without accents, case or repeated spaces ("nombre:maria jose rojas").</summary>
    public static string Guest(string name) => GuestPrefix + Normalize(name);

    /// <summary>Lower case, accents removed, spaces collapsed: "María  José" and "maria jose" are the same guest.</summary>
    public static string Normalize(string name) => TextMatching.MatchKey(name);

    /// <summary>Names typed in the free-text field: separated by commas, semicolons or new lines; blanks dropped, long ones cut.</summary>
    public static IReadOnlyList<string> SplitGuests(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => n.Length > MaxGuestName ? n[..MaxGuestName] : n)
                .Where(n => Normalize(n).Length > 0)
                .DistinctBy(Normalize)
                .ToList();
}
