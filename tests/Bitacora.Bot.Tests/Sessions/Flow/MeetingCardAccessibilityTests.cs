using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 11, accessibility of the meeting cards: every input has a label (its accessible name), a question's input names
/// its question, a lead-in is said once for the questions it introduces, and no meaning is carried by colour alone.
/// </summary>
public sealed class MeetingCardAccessibilityTests
{
    private static readonly string Folder = RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Cards");
    private static readonly SessionCards Cards = new(CardCatalog.Load(Folder), ShippedGuides.Catalog, ShippedSessionTexts.Texts);
    private static readonly string[] MeetingTemplates =
        ["session-start", "session-section", "session-question", "session-finish", "session-summary", "session-status", "rubric"];

    [Fact]
    public void Every_input_of_every_meeting_card_template_has_a_label_and_colour_never_speaks_alone()
    {
        foreach (var name in MeetingTemplates)
        {
            var template = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")))!;
            foreach (var node in All(template))
            {
                if (node["type"]?.GetValue<string>() is { } type && type.StartsWith("Input.", StringComparison.Ordinal))
                {
                    Assert.False(string.IsNullOrWhiteSpace(node["label"]?.ToString()), $"{name}: {type} {node["id"]} has no label");
                }
                // A coloured text says what it means in words too (⚠ for problems); suggestions are not yellow.
                if (node["color"]?.ToString() is "Attention" or "Warning")
                {
                    Assert.Contains("⚠", node["text"]?.ToString() ?? "");
                }
                Assert.NotEqual("warning", node["style"]?.ToString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(CardBudgetTests.Sections), MemberType = typeof(CardBudgetTests))]
    public void Each_question_input_names_its_question_and_lead_ins_are_said_once(string guideId, string sectionId)
    {
        var guide = ShippedGuides.Catalog.Find(guideId)!;
        var index = guide.IndexOfSection(sectionId);
        var session = new Session
        {
            Id = "territory%3A16-1/0~2026~0001", Scope = SessionScope.Territory("16-1", "Territorio 1"), GuideId = guide.Id,
            GuideVersion = guide.Version, Period = "2026", Number = 1, Date = new DateOnly(2026, 5, 4),
            StartedBy = new Participant("a", "Ana"), CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
            CurrentSectionIndex = index,
        };
        var card = Cards.Section(new SectionView(session, guide, index, new Dictionary<string, Answer>(), SessionTally.Empty), SectionFeedback.None);
        var inputs = MeetingDriver.Inputs(card);
        var section = guide.Sections[index];
        foreach (var question in section.Questions.Where(q => q.Kind != QuestionKind.Table))
        {
            var label = inputs[SessionCards.ValueInput(question.Id)]["label"]!.GetValue<string>();
            Assert.Contains(question.Text, label);
        }
        var json = MeetingDriver.Text(card);
        foreach (var lead in section.Questions.Select(q => q.Lead).OfType<string>().Distinct())
        {
            var runs = section.Questions.Select(q => q.Lead).Where((l, i) => l == lead && (i == 0 || section.Questions[i - 1].Lead != lead)).Count();
            Assert.Equal(runs, json.Split(lead).Length - 1);
        }
        // The section picker names each section with its stage.
        var picker = inputs["goto"]["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
        Assert.All(guide.Sections.Zip(picker), p => Assert.Contains(Cards.SectionHeading(guide, p.First), p.Second));
    }

    private static IEnumerable<JsonObject> All(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var c in All(child)) yield return c;
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var c in All(child)) yield return c;
                }
                break;
        }
    }
}
