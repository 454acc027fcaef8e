using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 11, item 2: a save does not replace the card other people are typing in; they see progress in the status
/// message; two people changing the same question are asked which value stays; a failed update for everyone is
/// reported in the conversation.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedViewTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Dep = "dep-ejecucion-evaluacion";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    private async Task<MeetingDriver> StartAsync()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:shared-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = Dep, ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
        });
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        return meeting;
    }

    [Fact]
    public async Task A_save_answers_the_clicker_and_updates_only_the_status_message_for_everyone_else()
    {
        var meeting = await StartAsync();
        await _bot.Connector.WaitForAsync(c => c.IsSend && Text(c.Card).Contains("Estado de la sesión N°"));
        var statusId = (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!.StatusActivityId;
        Assert.NotNull(statusId);
        var before = _bot.Connector.Calls.Count;

        var response = await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Directora y UTP" },
            userId: "29:megan", userName: "Megan Bowen");
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();

        Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]!.GetValue<string>());
        Assert.Contains("Guardé 1 respuesta.", Text(meeting.Card));
        var after = _bot.Connector.Calls.Skip(before).ToList();
        // The question card (what others are typing in) is not touched; the status message is, in place.
        Assert.DoesNotContain(after, c => c.ActivityId == meeting.CardActivityId);
        var update = Assert.Single(after, c => c.IsUpdate);
        Assert.Equal(statusId, update.ActivityId);
        Assert.Contains("Avance: 1 de 33", Text(update.Card));
        Assert.Contains("Megan Bowen guardó 1 respuesta", Text(update.Card));
        Assert.Contains("Etapa de Ejecución · Condiciones (1 de 3)", Text(update.Card));
    }

    /// <summary>
    /// Issue 11, item 2, the property itself (the browser cannot show it: the Playground UI re-renders every card on any
    /// message, see TwoAdvisersBrowserE2ETests): Alex types into the shared card without saving; Megan saves another
    /// question. Nothing the bot sends touches the message Alex is typing in — a Teams client keeps unsaved input of a
    /// card that is not updated — and Alex's later save from that same card, which sends every input (Megan's question
    /// blank on it), stores his text and keeps hers.
    /// </summary>
    [Fact]
    public async Task Typing_survives_another_advisers_save_and_the_typists_save_then_stores_both()
    {
        var meeting = await StartAsync();
        var session = (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!;
        var alexsCard = meeting.Card;
        var before = _bot.Connector.Calls.Count;

        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-que-hacer"] = "no" },
            userId: "29:megan", userName: "Megan Bowen", card: alexsCard);
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        var sent = _bot.Connector.Calls.Skip(before).ToList();
        Assert.DoesNotContain(sent, c => c.ActivityId == meeting.CardActivityId);
        Assert.Contains(sent, c => c.IsUpdate && Text(c.Card).Contains("Megan Bowen guardó 1 respuesta"));

        const string AlexText = "Directora, jefa técnica y las tres educadoras de sala cuna";
        await meeting.ClickAsync("session.answer", new JsonObject
        {
            ["q.ej-cond-actores-involucrados"] = AlexText, ["q.ej-cond-claridad-que-hacer"] = "",
        }, card: alexsCard);

        var answers = _bot.Get<AnswerRepository>();
        Assert.Equal(new TextAnswer(AlexText), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
        Assert.Equal(new ClosedAnswer("no"), (await answers.GetAsync(session.Id, "ej-cond-claridad-que-hacer"))!.Value);
        Assert.Contains("Avance: 2 de 33", Text(meeting.Card));
        Assert.Contains("Respondió Megan Bowen", Text(meeting.Card));
        Assert.DoesNotContain("Mientras escribías", Text(meeting.Card));
    }

    [Fact]
    public async Task Two_people_changing_the_same_question_are_shown_both_values_and_choose()
    {
        var meeting = await StartAsync();
        var session = (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!;
        var sharedCard = meeting.Card;
        const string Question = "q.ej-cond-actores-involucrados";

        // Megan saves first; Alex, still on the card he had, saves his own text for the same question.
        await meeting.ClickAsync("session.answer", new JsonObject { [Question] = "Directora" }, userId: "29:megan", userName: "Megan Bowen", card: sharedCard);
        var conflict = await meeting.ClickAsync("session.answer", new JsonObject { [Question] = "Equipo directivo completo", ["q.ej-cond-claridad-que-hacer"] = "si" }, card: sharedCard);

        var card = Text(meeting.Card);
        Assert.Contains("Mientras escribías, Megan Bowen guardó otra respuesta a esta pregunta: «Directora»", card);
        Assert.Equal("Equipo directivo completo", MeetingDriver.InputValue(meeting.Card, Question));
        Assert.Contains("Quedarme con la de Megan Bowen", card);
        var answers = _bot.Get<AnswerRepository>();
        Assert.Equal(new TextAnswer("Directora"), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
        // What did not conflict was saved.
        Assert.Equal(new ClosedAnswer("si"), (await answers.GetAsync(session.Id, "ej-cond-claridad-que-hacer"))!.Value);

        // Alex keeps his: «Guardar la mía» stores it, Megan's stays in history.
        await meeting.ClickAsync("session.answer", new JsonObject { [Question] = "Equipo directivo completo" }, title: "Guardar la mía");
        Assert.Equal(new TextAnswer("Equipo directivo completo"), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
        Assert.Equal(new TextAnswer("Directora"), Assert.Single(await answers.GetHistoryAsync(session.Id, "ej-cond-actores-involucrados")).Value);
        Assert.DoesNotContain("Mientras escribías", Text(meeting.Card));
    }

    [Fact]
    public async Task An_untouched_input_on_an_old_card_never_overwrites_what_someone_saved_meanwhile()
    {
        var meeting = await StartAsync();
        var session = (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!;
        var aliceCard = meeting.Card;
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-que-hacer"] = "no" }, userId: "29:megan", userName: "Megan Bowen");

        // Alex's card still shows the question blank; he answers another one. Teams sends every input of his card.
        var data = new JsonObject { ["q.ej-cond-claridad-que-hacer"] = "", ["q.ej-cond-actores-involucrados"] = "Directora" };
        await meeting.ClickAsync("session.answer", data, card: aliceCard);

        var answers = _bot.Get<AnswerRepository>();
        Assert.Equal(new ClosedAnswer("no"), (await answers.GetAsync(session.Id, "ej-cond-claridad-que-hacer"))!.Value);
        Assert.Equal(new TextAnswer("Directora"), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
        Assert.Contains("Avance: 2 de 33", Text(meeting.Card));
    }

    [Fact]
    public async Task A_failed_update_for_everyone_is_reported_in_the_conversation_with_the_current_card()
    {
        var meeting = await StartAsync();
        _bot.Connector.FailNext(1, 404, when: c => c.IsUpdate && c.ActivityId == meeting.CardActivityId);

        await meeting.ClickAsync("session.navigate", title: "Siguiente ▶");
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();

        var notice = await _bot.Connector.WaitForAsync(c => c.IsSend && c.Text is { } t && t.Contains("No pude actualizar para todos"));
        var reposted = await _bot.Connector.WaitForAsync(c => c.IsSend && Text(c.Card).Contains("Etapa de Ejecución · Seguimiento (2 de 3)"));
        Assert.True(_bot.Connector.Calls.ToList().IndexOf(notice) < _bot.Connector.Calls.ToList().IndexOf(reposted));
    }
}
