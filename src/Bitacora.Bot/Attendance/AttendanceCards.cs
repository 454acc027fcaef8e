using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Attendance;

/// <summary>A person one can tick: the row key (the choice value) and the name shown.</summary>
public sealed record AttendanceChoice(string Key, string Name);

/// <summary>What the attendance card shows of a session.</summary>
public sealed record AttendanceView(Session Session, IReadOnlyList<AttendanceChoice> Choices, int MemberCount, int MembersShown,
    IReadOnlyList<AttendanceEntry> Entries, int Respondents);

/// <summary>
/// The «presentes» card (template "attendance") and the attendance inputs of the start card. Choice values are row keys
/// (<see cref="AttendanceEntry.Key"/>); the save button carries the keys the card showed as present ("shown"), so a
/// save only removes people its author un-ticked — never someone another person marked meanwhile.
/// </summary>
public sealed class AttendanceCards(CardCatalog cards, AttendanceTexts texts)
{
    public const string Template = "attendance";

    /// <summary>Most people listed as choices (the card stays within its size budget); the others are typed by name.</summary>
    public const int MaxChoices = 60;

    /// <summary>Most names in the «Entraron a la reunión» line.</summary>
    public const int MaxJoinedNames = 20;

    public const string PresentInput = "present";
    public const string GuestsInput = "guests";

    private static readonly StringComparer ByName = StringComparer.Create(ChileTime.Culture, ignoreCase: true);

    /// <summary>
    /// The choices, at most <see cref="MaxChoices"/>, by name: people present first, then the others recorded, then the
    /// conversation's members. Someone present beyond the cap stays present (the card just cannot untick them).
    /// </summary>
    public static IReadOnlyList<AttendanceChoice> Choices(IReadOnlyList<PersonIdentity> members, IReadOnlyList<AttendanceEntry> entries)
    {
        var recorded = entries.OrderByDescending(e => e.IsPresent).Select(e => new AttendanceChoice(e.Key, e.Name));
        var others = members.Where(m => entries.All(e => e.Key != AttendanceKeys.Of(m))).Select(m => new AttendanceChoice(AttendanceKeys.Of(m), m.Name))
            .OrderBy(c => c.Name, ByName);
        return recorded.Concat(others).Take(MaxChoices).OrderBy(c => c.Name, ByName).ToList();
    }

    public JsonObject Card(AttendanceView view, string? notice)
    {
        var session = view.Session;
        var present = view.Entries.Where(e => e.IsPresent).ToList();
        var shown = present.Where(e => view.Choices.Any(c => c.Key == e.Key)).Select(e => e.Key).ToList();
        var joined = view.Entries.Where(e => e.Joined && e.FirstJoinedAt is not null).OrderBy(e => e.FirstJoinedAt).ThenBy(e => e.Name, ByName)
            .Select(e => texts.Format(AttendanceTexts.CardJoinedPerson, e.Name, ChileTime.Moment(e.FirstJoinedAt!.Value)[^5..])).ToList();
        var joinedText = string.Join(", ", joined.Take(MaxJoinedNames))
                         + (joined.Count > MaxJoinedNames ? texts.Format(AttendanceTexts.CardJoinedMore, joined.Count - MaxJoinedNames) : "");
        return cards.Render(Template, new JsonObject
        {
            ["title"] = texts.Format(AttendanceTexts.CardTitle, session.Number),
            ["subtitle"] = texts.Format(AttendanceTexts.CardSubtitle, SessionCards.ScopeName(session), ChileTime.LongDate(session.Date)),
            ["notice"] = notice ?? (view.MemberCount == 0 && view.Entries.Count == 0 ? texts[AttendanceTexts.CardNoMembers] : ""),
            ["intro"] = texts[AttendanceTexts.CardIntro],
            ["membersLabel"] = texts[AttendanceTexts.CardMembersLabel],
            ["choices"] = new JsonArray([.. view.Choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Name, ["value"] = c.Key })]),
            ["value"] = string.Join(",", shown),
            ["more"] = view.MembersShown < view.MemberCount ? texts.Format(AttendanceTexts.CardMore, view.MembersShown, view.MemberCount) : "",
            ["guestsLabel"] = texts[AttendanceTexts.CardGuestsLabel],
            ["guestsPlaceholder"] = texts[AttendanceTexts.CardGuestsPlaceholder],
            ["joined"] = joined.Count == 0 ? "" : texts.Format(AttendanceTexts.CardJoinedHeading, joinedText),
            ["counts"] = texts.Format(AttendanceTexts.CardCounts, present.Count, view.Respondents),
            ["saveTitle"] = texts[AttendanceTexts.CardSave],
            ["sessionId"] = session.Id,
        });
    }

    /// <summary>The inputs appended to the start card: who is present (members to tick) and guests by name.</summary>
    public IReadOnlyList<JsonObject> StartElements(IReadOnlyList<PersonIdentity> members, JsonObject? typed)
    {
        var choices = Choices(members, []);
        var elements = new List<JsonObject>
        {
            new() { ["type"] = "TextBlock", ["text"] = texts[AttendanceTexts.StartHeading], ["weight"] = "Bolder", ["wrap"] = true, ["separator"] = true },
        };
        if (choices.Count > 0)
        {
            elements.Add(new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = PresentInput,
                ["label"] = texts[AttendanceTexts.CardMembersLabel],
                ["isMultiSelect"] = true,
                ["style"] = "expanded",
                ["value"] = typed?[PresentInput]?.ToString() ?? "",
                ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Name, ["value"] = c.Key })]),
            });
        }
        if (members.Count > choices.Count)
        {
            elements.Add(new JsonObject
            {
                ["type"] = "TextBlock", ["text"] = texts.Format(AttendanceTexts.CardMore, choices.Count, members.Count), ["isSubtle"] = true,
                ["size"] = "Small", ["wrap"] = true,
            });
        }
        elements.Add(new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = GuestsInput,
            ["label"] = texts[AttendanceTexts.CardGuestsLabel],
            ["placeholder"] = texts[AttendanceTexts.CardGuestsPlaceholder],
            ["maxLength"] = 1000,
            ["value"] = typed?[GuestsInput]?.ToString() ?? "",
        });
        return elements;
    }
}
