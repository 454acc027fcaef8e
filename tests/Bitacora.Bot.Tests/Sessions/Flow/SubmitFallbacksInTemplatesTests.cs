using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Cards;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// The Action.Submit fallbacks are written into the templates once (CardCatalog) instead of walking every card per
/// message: the cards must be byte for byte what the walk produced, and measured as before.
/// </summary>
public sealed class SubmitFallbacksInTemplatesTests
{
    private static readonly string Folder = RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Cards");
    private static readonly CardCatalog InTemplates = CardCatalog.Load(Folder);
    private static readonly CardCatalog Walked = CardCatalog.Load(Folder, fallbacksInTemplates: false);
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void No_shipped_template_needs_the_walk_per_card()
    {
        Assert.Empty(InTemplates.WalkedPerCard);
        Assert.Equal(InTemplates.Names.Order(StringComparer.Ordinal), Walked.WalkedPerCard);
    }

    public static TheoryData<string, string> Sections()
    {
        var data = new TheoryData<string, string>();
        foreach (var guide in ShippedGuides.Catalog.Guides)
        {
            foreach (var section in guide.Sections) data.Add(guide.Id, section.Id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Section_and_question_cards_are_identical_to_the_walked_ones(string guideId, string sectionId)
    {
        var (view, section) = CardBudgetTests.WorstCase(guideId, sectionId);
        var now = new SessionCards(InTemplates, ShippedGuides.Catalog, ShippedSessionTexts.Texts);
        var before = new SessionCards(Walked, ShippedGuides.Catalog, ShippedSessionTexts.Texts);
        var feedback = SectionFeedback.Note("Guardado.");

        var card = now.Section(view, feedback);
        Assert.Equal(before.Section(view, feedback).ToJsonString(), card.ToJsonString());
        Assert.Contains("\"fallback\":{\"type\":\"Action.Submit\"", card.ToJsonString(), StringComparison.Ordinal);
        foreach (var question in section.Questions.Take(3))
        {
            Assert.Equal(before.Question(view, question, null).ToJsonString(), now.Question(view, question, null).ToJsonString());
        }
        // An empty section (nothing answered yet): the common first card.
        var empty = view with { Answers = new Dictionary<string, Answer>() };
        Assert.Equal(before.Section(empty, SectionFeedback.None).ToJsonString(), now.Section(empty, SectionFeedback.None).ToJsonString());
    }

    [Theory]
    [InlineData("welcome", """{"userName":"Ana"}""")]
    [InlineData("help", """{"intro":"Hola","groups":[]}""")]
    [InlineData("session-start", "{}")]
    [InlineData("session-status", """{"session":{"id":"s1","version":3},"canMarkAttendance":true}""")]
    [InlineData("reminder", """{"c":{"id":"c1","version":2},"kind":"due","redeliveryFlag":false,"canAskForceMajeure":true,"canManage":true}""")]
    public void Other_cards_are_identical_to_the_walked_ones(string template, string data)
    {
        var now = InTemplates.Draft(template, JsonNode.Parse(data));
        var before = Walked.Draft(template, JsonNode.Parse(data));
        Assert.Equal(before.ToJsonString(), now.ToJsonString());
    }

    [Fact]
    public void Fallbacks_written_in_a_template_expand_as_the_walk_adds_them()
    {
        const string template = """
            {"type":"AdaptiveCard","body":[{"type":"Container","$data":"${items}","items":[
              {"type":"ActionSet","actions":[{"type":"Action.Execute","$when":"${show}","title":"Ver ${name}","verb":"item.show","data":{"id":"${id}","n":"${n}"}}]}]}],
             "actions":[{"type":"Action.Execute","verb":"x.go"},{"type":"Action.Execute","title":"T","verb":"x.drop","fallback":"drop","data":{"verb":"x.drop"}},
                        {"type":"Action.Submit","title":"S","data":{"a":1}}]}
            """;
        var data = JsonNode.Parse("""{"items":[{"id":"a","name":"Á","n":1,"show":true},{"id":"b","name":"B","n":2.5,"show":false},{"id":"c","name":"<c>","n":null,"show":true}]}""");
        var node = JsonNode.Parse(template)!;

        Assert.True(UniversalActions.TryAddToTemplate(node));

        var walked = UniversalActions.WithSubmitFallbacks(AdaptiveCardTemplate.Parse(template).Expand(data)!.AsObject());
        var written = AdaptiveCardTemplate.Parse(node).Expand(data)!;
        Assert.Equal(walked.ToJsonString(), written.ToJsonString());
        Assert.Equal("Ver Á", written["body"]![0]!["items"]![0]!["actions"]![0]!["fallback"]!["title"]!.GetValue<string>());
        Assert.Null(written["actions"]![0]!["fallback"]!["title"]);
    }

    [Theory]
    [InlineData("""{"actions":[{"type":"${kind}","verb":"v","data":{}}]}""")]
    [InlineData("""{"actions":[{"type":"Action.Execute","verb":"${verb}","data":{}}]}""")]
    [InlineData("""{"actions":[{"type":"Action.Execute","verb":"v","data":"${payload}"}]}""")]
    [InlineData("""{"actions":[{"type":"Action.Execute","verb":"v","data":{"verb":"${verb}"}}]}""")]
    [InlineData("""{"actions":[{"type":"Action.Execute","verb":"v","data":{"$when":"${ok}","a":1}}]}""")]
    [InlineData("""{"actions":[{"type":"Action.Execute","verb":"v","fallback":null}]}""")]
    [InlineData("""{"actions":"${actions}"}""")]
    [InlineData("""{"body":[{"type":"Container","items":["${element}"]}]}""")]
    public void A_template_whose_actions_depend_on_the_data_is_left_to_the_walk(string template)
    {
        var node = JsonNode.Parse(template)!;
        var original = node.ToJsonString();

        Assert.False(UniversalActions.TryAddToTemplate(node));
        Assert.Equal(original, node.ToJsonString());
    }

    [Fact]
    public void Measuring_without_a_string_counts_what_the_string_would_hold()
    {
        var built = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JsonArray(new JsonObject { ["text"] = "Señora Ñuñoa «comillas» \"dobles\" <b> & 😀 \u00e9\u0301", ["n"] = 12.5m, ["ok"] = true }),
        };
        var parsed = JsonNode.Parse(built.ToJsonString())!;
        var section = new SessionCards(InTemplates, ShippedGuides.Catalog, ShippedSessionTexts.Texts)
            .Section(CardBudgetTests.WorstCase("dep-ejecucion-evaluacion", "ejecucion-condiciones").View, SectionFeedback.None);

        foreach (var card in new JsonNode[] { built, parsed, section })
        {
            Assert.Equal(2 * (card.ToJsonString(Unescaped).Length + CardBudget.EnvelopeChars), CardBudget.Measure(card));
            Assert.Equal(2 * card.ToJsonString(Unescaped).Length, CardBudget.MeasureJson(card));
        }
    }
}
