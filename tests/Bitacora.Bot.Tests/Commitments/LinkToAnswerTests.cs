using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// «Nuevo compromiso» next to a «No» answer of the session summary: the commitment is linked to that question and
/// answer (read from storage, not from the card), shown on its cards. Real pipeline, Azurite, DEP guide.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LinkToAnswerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private const string Guide = "dep-ejecucion-evaluacion";
    private const string NoQuestion = "ej-cond-claridad-que-hacer";
    private const string YesQuestion = "ej-cond-claridad-con-quien";
    private static readonly Conversation Group = Conversation.Group("19:ett-link@thread.v2");

    private BotPipeline _bot = null!;
    private Session _session = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        _bot.Time.SetUtcNow(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:user-1", "aad-29:user-1", "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:adele", "aad-29:adele", "Adele", "Vance", "adelev@example.com"));
        var alex = new Participant("aad-29:user-1", "Alex Wilber");
        _session = await _bot.Get<SessionRepository>().StartAsync(new StartSession(
            SessionScope.Unit(Unit, "Jardín Infantil Los Copihues"), Guide, 1, "2026", new DateOnly(2026, 5, 4),
            "Revisar la ejecución", null, alex, Group.Id));
        var version = _bot.Get<GuideCatalog>().Find(Guide)!.Version;
        var answers = _bot.Get<AnswerRepository>();
        await answers.SaveAsync(new SaveAnswer(_session.Id, NoQuestion, new ClosedAnswer(ClosedOptions.No), null, alex, version));
        await answers.SaveAsync(new SaveAnswer(_session.Id, YesQuestion, new ClosedAnswer(ClosedOptions.Yes), null, alex, version));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    private static IEnumerable<JsonObject> Actions(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"] is JsonValue v && v.GetValue<string>() == verb && o["type"]?.GetValue<string>() == "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => Actions(p.Value, verb)),
        JsonArray a => a.SelectMany(n => Actions(n, verb)),
        _ => [],
    };

    [Fact]
    public async Task Nuevo_compromiso_next_to_a_No_answer_records_a_commitment_linked_to_that_question_and_answer()
    {
        var finished = await _bot.InvokeAsync(_bot.Execute(Group, "session.finish", new JsonObject
        {
            ["sessionId"] = _session.Id, ["version"] = _session.Version.ToString(CultureInfo.InvariantCulture), ["confirm"] = "yes",
        }, "session-card"));
        var summary = finished["value"]!;
        var buttons = Actions(summary, "commitment.new").Select(a => a["data"]!.AsObject()).ToList();
        var linked = buttons.Single(d => d["questionId"]?.GetValue<string>() is { Length: > 0 });
        Assert.Equal(NoQuestion, linked["questionId"]!.GetValue<string>()); // not the «Sí»
        Assert.Contains(buttons, d => d["questionId"] is null); // the general button stays
        var linkedAction = Actions(summary, "commitment.new").Single(a => a["data"]?["questionId"] is not null);
        // Short enough not to be cut on a button; the tooltip (hover, screen readers) names section and question.
        Assert.Matches(@"^Nuevo compromiso · pregunta \d+$", linkedAction["title"]!.GetValue<string>());
        Assert.Matches(@"^Nuevo compromiso \(.+ · .+, pregunta \d+\)$", linkedAction["tooltip"]!.GetValue<string>());

        await _bot.InvokeAsync(_bot.Execute(Group, "commitment.new", (JsonObject)linked.DeepClone(), "summary-card"));
        var form = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Registrar compromiso"))).Card!;
        Assert.Contains("Surge de la pregunta «¿Lo que deben hacer?» (respuesta: No)", Text(form));
        Assert.StartsWith("Se sugiere revisar", form.DescendantsWithId("what")["value"]!.GetValue<string>());
        var create = Actions(form, "commitment.create").Single()["data"]!.AsObject();
        Assert.Equal(NoQuestion, create["questionId"]!.GetValue<string>());

        var data = (JsonObject)create.DeepClone();
        data["what"] = "Revisar con cada actor el Plan de Apoyo";
        data["unit"] = Unit;
        data["responsible"] = form.DescendantsWithId("responsible")["choices"]!.AsArray()
            .Select(c => c!["value"]!.GetValue<string>()).Single(v => v.Contains("Adele Vance"));
        data["date"] = "2026-05-20";
        data["questionId"] = NoQuestion;
        var created = Text(await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", data, "form-card")));

        Assert.Contains("Compromiso registrado", created);
        Assert.Contains("Surge de la pregunta «¿Lo que deben hacer?» (respuesta: No)", created);
        var id = (await _bot.Get<CommitmentStore>().ListBySessionAsync(_session.Id, CancellationToken.None)).Single().Id;
        var stored = (await _bot.Get<CommitmentService>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(new CommitmentSource(_session.Id, NoQuestion, "¿Lo que deben hacer?", "No"), stored.Source);
    }

    [Fact]
    public async Task The_section_card_of_a_running_session_has_Nuevo_compromiso_which_opens_the_form_for_the_session()
    {
        var sections = _bot.Get<GuideCatalog>().Find(Guide)!.Sections;
        var moved = await _bot.InvokeAsync(_bot.Execute(Group, "session.navigate", new JsonObject
        {
            ["sessionId"] = _session.Id, ["sectionId"] = sections[0].Id, ["to"] = sections[1].Id,
            ["version"] = _session.Version.ToString(CultureInfo.InvariantCulture),
        }, "session-card"));
        var section = moved["value"]!;
        Assert.Contains("Guardar respuestas", Text(section));
        var button = Actions(section, "commitment.new").Single();
        Assert.Equal("Nuevo compromiso", button["title"]!.GetValue<string>());
        Assert.Equal(_session.Id, button["data"]!["sessionId"]!.GetValue<string>());
        Assert.True(Bitacora.Bot.Cards.CardBudget.FitsDesign(section), "the section card stays within its design budget");

        await _bot.InvokeAsync(_bot.Execute(Group, "commitment.new", (JsonObject)button["data"]!.DeepClone(), "session-card"));
        var form = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Registrar compromiso"))).Card!;
        Assert.Equal(Unit, form.DescendantsWithId("unit")["value"]!.GetValue<string>());
        Assert.Equal(_session.Id, Actions(form, "commitment.create").Single()["data"]!["sessionId"]!.GetValue<string>());
        Assert.DoesNotContain("Surge de la pregunta", Text(form));
    }

    [Fact]
    public async Task A_question_id_the_session_has_no_answer_for_links_nothing()
    {
        await _bot.InvokeAsync(_bot.Execute(Group, "commitment.new", new JsonObject
        {
            ["sessionId"] = _session.Id, ["questionId"] = "ej-no-existe",
        }, "summary-card"));
        var form = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Registrar compromiso"))).Card!;

        Assert.DoesNotContain("Surge de la pregunta", Text(form));
        Assert.Equal("", Actions(form, "commitment.create").Single()["data"]!["questionId"]!.GetValue<string>());
    }
}
