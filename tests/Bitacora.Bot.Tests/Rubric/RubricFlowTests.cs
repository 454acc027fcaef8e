using System.Text.Json.Nodes;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Rubric;

[Collection(AzuriteCollection.Name)]
public sealed class RubricFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string RubricId = "rubrica-etapas-ejecucion-evaluacion";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: Sessions.Flow.MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Rubric_round_trip_stores_changed_criteria_with_history_and_shows_who_scored()
    {
        var meeting = new Sessions.Flow.MeetingDriver(_bot, Conversation.Personal("a:rubric"));
        var card = await meeting.TypeAsync("rúbrica JUNJI 16101001", "Rúbrica");
        var json = Sessions.Flow.MeetingDriver.Text(card);
        Assert.Contains("Jardín Infantil Los Copihues · periodo 2026", json);
        Assert.Equal(4, Sessions.Flow.MeetingDriver.Inputs(card).Keys.Count(k => k.StartsWith("level.", StringComparison.Ordinal)));
        Assert.Contains("Logro incipiente: ", json);

        await meeting.ClickAsync("rubric.save", new JsonObject
        {
            ["level.condiciones"] = "logrado", ["evidence.condiciones"] = "Acta del consejo de marzo",
            ["level.participacion"] = "incipiente",
            ["level.coherencia-cada-etapa"] = "no-existe",
        });
        var saved = Sessions.Flow.MeetingDriver.Text(meeting.Card);
        Assert.Contains("Guardé 2 criterio(s); revisa 1 con error", saved);
        Assert.Contains("Registró Alex Wilber · 04-05-2026 09:00", saved);
        Assert.Equal("logrado", Sessions.Flow.MeetingDriver.InputValue(meeting.Card, "level.condiciones"));

        _bot.Time.Advance(TimeSpan.FromHours(1));
        await meeting.ClickAsync("rubric.save", new JsonObject { ["level.participacion"] = "medianamente-logrado" }, userId: "29:megan", userName: "Megan Bowen");
        Assert.Contains("Guardé 1 criterio(s).", Sessions.Flow.MeetingDriver.Text(meeting.Card));
        Assert.Contains("Registró Megan Bowen · 04-05-2026 10:00", Sessions.Flow.MeetingDriver.Text(meeting.Card));

        var repository = _bot.Get<RubricScoreRepository>();
        var scores = await repository.GetScoresAsync("junji:16101001", "2026", RubricId);
        Assert.Equal(["condiciones", "participacion"], scores.Select(s => s.CriterionId).Order());
        Assert.Equal("Acta del consejo de marzo", scores.Single(s => s.CriterionId == "condiciones").Evidence);
        var history = Assert.Single(await repository.GetHistoryAsync("junji:16101001", "2026", RubricId, "participacion"));
        Assert.Equal("incipiente", history.LevelId);
        Assert.Empty(await repository.GetHistoryAsync("junji:16101001", "2026", RubricId, "condiciones"));
    }

    [Fact]
    public async Task Rubric_without_a_known_unit_explains_how_to_ask()
    {
        await _bot.PostAsync(_bot.Message(Conversation.Personal("a:rubric-2"), "rubrica RBD 99999"));
        var reply = await _bot.Connector.WaitForAsync(c => c.Text is not null);
        Assert.Contains("No encontré la unidad «RBD 99999»", reply.Text);
    }
}
