using Bitacora.Bot.Attendance;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Texts;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Attendance;

/// <summary>
/// The attendance card and the start card's attendance inputs at their worst: a conversation of 1 000 members with
/// 64-character names and Teams-length ids, 100 of them recorded (60 listed) (guests with 120-character names included; the card lists 60), a notice
/// and the «Entraron a la reunión» line for all of them — within the design budget as Teams measures it (Cards/CardBudget.cs).
/// </summary>
public sealed class AttendanceCardBudgetTests
{
    private static readonly string Content = RepoPaths.Combine("src", "Bitacora.Bot", "Content");
    private static readonly AttendanceCards Cards = new(CardCatalog.Load(Path.Combine(Content, "Cards")),
        AttendanceTexts.Load(Path.Combine(Content, "Texts")));
    private static readonly DateTimeOffset At = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);

    private static PersonIdentity Member(int i) => new(("Integrante " + i + " ").PadRight(64, 'ñ'),
        "29:1" + new string('a', 60) + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        Guid.NewGuid().ToString(), $"persona{i}@establecimiento-educacional.example");

    [Fact]
    public void The_worst_case_attendance_card_and_start_inputs_fit_the_design_budget()
    {
        var members = Enumerable.Range(0, 1_000).Select(Member).ToList();
        var entries = members.Take(80).Select(m => new AttendanceEntry
            {
                Key = AttendanceKeys.Of(m), Name = m.Name, TeamsUserId = m.TeamsUserId, AadObjectId = m.AadObjectId, Marked = true,
                Joined = true, FirstJoinedAt = At,
            })
            .Concat(Enumerable.Range(0, 20).Select(i => new string('G', 100) + i.ToString("D20", System.Globalization.CultureInfo.InvariantCulture))
                .Select(n => new AttendanceEntry { Key = AttendanceKeys.Guest(n), Name = n, IsGuest = true, Marked = true }))
            .ToList();
        var session = new Session
        {
            Id = "territory%3A16-1/" + new string('9', 40), Scope = SessionScope.Territory("16-1", new string('T', 100)),
            Unit = new SessionUnit("junji:16101001", new string('U', 200)), GuideId = "dep-ejecucion-evaluacion", GuideVersion = 1,
            Period = "2026", Number = 999, Date = new DateOnly(2026, 5, 4), StartedBy = new Participant("aad-x", "X"), CreatedAt = At, UpdatedAt = At,
        };
        var choices = AttendanceCards.Choices(members, entries);
        Assert.Equal(AttendanceCards.MaxChoices, choices.Count);

        var card = Cards.Card(new AttendanceView(session, choices, members.Count, choices.Count(c => !c.Key.StartsWith(AttendanceKeys.GuestPrefix, StringComparison.Ordinal)),
            entries, 1_000), new string('n', 300));
        Assert.True(CardBudget.FitsDesign(card), $"attendance card: {CardBudget.Measure(card)} bytes");
        Assert.Contains("Se muestran 60 de 1000 integrantes", card.ToJsonString(new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        // The start card is ≈ 3 KB before these inputs are appended.
        var start = new System.Text.Json.Nodes.JsonObject { ["type"] = "AdaptiveCard", ["body"] = new System.Text.Json.Nodes.JsonArray(
            [.. Cards.StartElements(members, new System.Text.Json.Nodes.JsonObject { ["guests"] = new string('g', 1000) })]) };
        Assert.True(CardBudget.Measure(start) + 2 * 4 * 1024 <= CardBudget.DesignBytes, $"start inputs: {CardBudget.Measure(start)} bytes");
        _ = TextCatalog.Culture;
    }
}
