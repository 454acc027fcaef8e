using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Teams delivers a click again when it thinks the first delivery failed (same activity id). An answer click is not
/// claimed by the duplicate guard (<see cref="Bot.Sessions.Flow.AnswerClickGuard"/>): its save records the click's id in
/// its own transaction, so the second delivery saves nothing — after the first, or at the same moment — and its card
/// says the answers are saved, with what could not be saved the first time still on it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerRedeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Question = "q.ej-cond-actores-involucrados";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<(MeetingDriver Meeting, string SessionId)> StartAsync(string conversationId)
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group(conversationId));
        await meeting.StartSessionAsync();
        var session = await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(conversationId);
        return (meeting, session!.Id);
    }

    private static string NoticeOf(JsonObject response) => MeetingDriver.Text(response["value"]);

    [Fact]
    public async Task A_click_delivered_again_saves_nothing_and_its_card_says_the_answers_are_saved()
    {
        var (meeting, sessionId) = await StartAsync("19:redeliver@thread.v2");
        var click = meeting.Click("session.answer", new JsonObject { [Question] = "Directora y equipo de gestión" });

        var first = await _bot.InvokeAsync(click);
        var second = await _bot.InvokeAsync(click);

        Assert.Contains("Guardé 1 respuesta.", NoticeOf(first), StringComparison.Ordinal);
        var again = NoticeOf(second);
        Assert.Contains("Estas respuestas ya quedaron guardadas.", again, StringComparison.Ordinal);
        Assert.Contains("Directora y equipo de gestión", again, StringComparison.Ordinal);
        var answer = await _bot.Get<AnswerRepository>().GetAsync(sessionId, "ej-cond-actores-involucrados");
        Assert.Equal(1, answer!.Revision);
        Assert.Empty(await _bot.Get<AnswerRepository>().GetHistoryAsync(sessionId, "ej-cond-actores-involucrados"));
        // Not claimed by the duplicate guard: only «iniciar sesión» and «Crear» were.
        var claims = await _bot.Get<TableClientProvider>().GetAsync("ProcessedActivities");
        var claimed = new List<string>();
        await foreach (var row in claims.QueryAsync<TableEntity>()) claimed.Add(row.RowKey);
        Assert.DoesNotContain(TableKeys.Escape(click["id"]!.GetValue<string>()), claimed);
    }

    [Fact]
    public async Task Two_deliveries_of_one_click_at_the_same_moment_save_once()
    {
        var (meeting, sessionId) = await StartAsync("19:redeliver-twice@thread.v2");
        var click = meeting.Click("session.answer", new JsonObject { [Question] = "Equipo directivo", ["q.ej-cond-reportes-parciales"] = "Informe mensual" });

        var responses = await Task.WhenAll(_bot.InvokeAsync(click), _bot.InvokeAsync(click.DeepClone().AsObject()));

        var notices = responses.Select(NoticeOf).ToArray();
        Assert.Single(notices, n => n.Contains("Guardé 2 respuestas.", StringComparison.Ordinal));
        Assert.Single(notices, n => n.Contains("Estas respuestas ya quedaron guardadas.", StringComparison.Ordinal));
        var answers = await _bot.Get<AnswerRepository>().GetAnswersAsync(sessionId);
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal(1, a.Revision));
        Assert.Empty(await _bot.Get<AnswerRepository>().GetAllHistoryAsync(sessionId));
    }

    [Fact]
    public async Task A_click_delivered_again_after_someone_else_saved_keeps_the_others_answer_and_says_it_was_saved()
    {
        var (meeting, sessionId) = await StartAsync("19:redeliver-late@thread.v2");
        var click = meeting.Click("session.answer", new JsonObject { [Question] = "Directora" });
        var afterFirst = (await _bot.InvokeAsync(click))["value"]!.AsObject();

        // Megan corrects it on a card that shows the first answer; then Teams delivers Alex's first click again.
        await meeting.ClickAsync("session.answer", new JsonObject { [Question] = "Directora y UTP" }, userId: "29:megan", userName: "Megan Bowen",
            card: afterFirst);
        var again = NoticeOf(await _bot.InvokeAsync(click));

        Assert.Contains("Estas respuestas ya quedaron guardadas.", again, StringComparison.Ordinal);
        var answer = await _bot.Get<AnswerRepository>().GetAsync(sessionId, "ej-cond-actores-involucrados");
        Assert.Equal(new TextAnswer("Directora y UTP"), answer!.Value);
        Assert.Single(await _bot.Get<AnswerRepository>().GetHistoryAsync(sessionId, "ej-cond-actores-involucrados"));
    }

    [Fact]
    public async Task A_click_delivered_again_still_shows_what_it_could_not_save_with_the_typed_text()
    {
        var (meeting, sessionId) = await StartAsync("19:redeliver-conflict@thread.v2");
        var alexCard = meeting.Card;
        // Megan saves the second question first; Alex's card still shows it empty.
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-reportes-parciales"] = "Informe de Megan" },
            userId: "29:megan", userName: "Megan Bowen");
        var click = meeting.Click("session.answer",
            new JsonObject { [Question] = "Equipo de gestión", ["q.ej-cond-reportes-parciales"] = "Informe de Alex, escrito con calma" }, card: alexCard);

        var first = NoticeOf(await _bot.InvokeAsync(click));
        var again = NoticeOf(await _bot.InvokeAsync(click));

        foreach (var card in new[] { first, again })
        {
            Assert.Contains("cambiaron mientras escribías", card, StringComparison.Ordinal); // the conflict, both times
            Assert.Contains("Informe de Alex, escrito con calma", card, StringComparison.Ordinal); // his text kept
            Assert.Contains("Informe de Megan", card, StringComparison.Ordinal);
        }
        var answers = (await _bot.Get<AnswerRepository>().GetAnswersAsync(sessionId)).ToDictionary(a => a.QuestionId);
        Assert.Equal(new TextAnswer("Equipo de gestión"), answers["ej-cond-actores-involucrados"].Value);
        Assert.Equal(new TextAnswer("Informe de Megan"), answers["ej-cond-reportes-parciales"].Value);
        Assert.All(answers.Values, a => Assert.Equal(1, a.Revision));
    }
}
