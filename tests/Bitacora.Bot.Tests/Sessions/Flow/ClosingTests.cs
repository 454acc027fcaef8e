using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 11, "closing safely", through the real pipeline on Azurite: «Finalizar» asks first and names what stays
/// unanswered (required first); the starter or a coordinator reopens a finished session, its history kept and shown;
/// two people pressing «Comenzar» at the same time get one session.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClosingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Dep = "dep-ejecucion-evaluacion";
    private const string Unit = "unit:junji:16101001";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:coord", "Coordinadora Ruiz", TestPeople.CoordinatorOf("16-1"));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    private static JsonObject StartInputs => new()
    {
        ["guideId"] = Dep, ["scopeId"] = Unit, ["date"] = "2026-05-04", ["objective"] = "Revisar las condiciones", ["strategy"] = "Conversatorio",
    };

    private async Task<MeetingDriver> StartAsync()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:closing-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", StartInputs);
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        return meeting;
    }

    [Fact]
    public async Task Finalizar_asks_naming_the_unanswered_required_first_and_the_starter_reopens_with_history_kept()
    {
        var meeting = await StartAsync();
        var sessions = _bot.Get<SessionRepository>();
        var session = (await sessions.GetCurrentForConversationAsync(meeting.Conversation.Id))!;
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Directora y UTP" });
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        var before = _bot.Connector.Calls.Count;

        // «Finalizar»: a question, to the person who clicked only; nothing finished, nobody else's card touched.
        await meeting.ClickAsync("session.finish");
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        var ask = Text(meeting.Card);
        Assert.Contains("¿Finalizar la sesión N°1?", ask);
        Assert.Contains("Quedan 32 de 33 preguntas sin responder.", ask);
        var required = ask.IndexOf("Obligatorias sin responder (1)", StringComparison.Ordinal);
        var others = ask.IndexOf("Otras sin responder (31)", StringComparison.Ordinal);
        Assert.True(required >= 0 && others > required, ask);
        // The required one is named with its stage and section; answered questions are not listed.
        Assert.Contains("Etapa de Ejecución · Condiciones (1 de 3)", ask);
        Assert.Contains("2. ¿Lo que deben hacer?", ask.Replace("\\u00BF", "¿", StringComparison.Ordinal));
        Assert.DoesNotContain("1. ¿Quiénes", ask);
        Assert.Equal(SessionStatus.Active, (await sessions.GetAsync(session.Id))!.Status);
        Assert.DoesNotContain(_bot.Connector.Calls.Skip(before), c => c.ActivityId == meeting.CardActivityId);

        // «Volver a la sección» changes nothing.
        await meeting.ClickAsync("session.view", title: "Volver a la sección");
        Assert.Contains("Sección 1 de 6", Text(meeting.Card));

        // Confirmed: the summary for everyone, with «Reabrir sesión»; the conversation is free.
        await meeting.FinishAsync();
        Assert.Contains("Resumen ·", Text(meeting.Card));
        Assert.Contains("Historial: finalizada por Alex Wilber (04-05-2026 09:00)", Text(meeting.Card));
        Assert.Null(await sessions.GetCurrentForConversationAsync(meeting.Conversation.Id));
        var summary = meeting.Card;

        // Megan (same team, did not start it, not a coordinator) may not reopen it.
        var refused = await meeting.ClickAsync("session.reopen", userId: "29:megan", userName: "Megan Bowen", card: summary);
        Assert.Equal("application/vnd.microsoft.activity.message", refused["type"]!.GetValue<string>());
        Assert.Equal(SessionStatus.Finished, (await sessions.GetAsync(session.Id))!.Status);

        // Alex started it: reopened on the section it was on, answers and history kept, the conversation points to it again.
        _bot.Time.Advance(TimeSpan.FromMinutes(10));
        await meeting.ClickAsync("session.reopen", card: summary);
        var reopened = Text(meeting.Card);
        Assert.Contains("Sesión N°1 reabierta por Alex Wilber", reopened);
        Assert.Contains("Historial: finalizada por Alex Wilber (04-05-2026 09:00) · reabierta por Alex Wilber (04-05-2026 09:10)", reopened);
        Assert.Contains("Avance: 1 de 33", reopened);
        var stored = (await sessions.GetAsync(session.Id))!;
        Assert.Equal(SessionStatus.Active, stored.Status);
        Assert.Equal([SessionEventKind.Finished, SessionEventKind.Reopened], stored.History.Select(e => e.Kind));
        Assert.Equal(session.Id, await sessions.GetCurrentIdForConversationAsync(meeting.Conversation.Id));
        Assert.Equal(new TextAnswer("Directora y UTP"), (await _bot.Get<AnswerRepository>().GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);

        // A coordinator of the territory may reopen it too (after another finish).
        await meeting.FinishAsync();
        await meeting.ClickAsync("session.reopen", userId: "29:coord", userName: "Coordinadora Ruiz");
        Assert.Contains("reabierta por Coordinadora Ruiz", Text(meeting.Card));
        Assert.Equal(4, (await sessions.GetAsync(session.Id))!.History.Count);
    }

    [Fact]
    public async Task Two_people_pressing_Comenzar_at_the_same_time_get_one_session()
    {
        var sessions = _bot.Get<SessionRepository>();
        for (var round = 0; round < 4; round++)
        {
            var conversation = Conversation.Group($"19:race-{round}-" + Guid.NewGuid().ToString("N")[..6] + "@thread.v2");
            var alex = new MeetingDriver(_bot, conversation);
            await alex.TypeAsync("iniciar sesión", "Nueva sesión");
            var data = MeetingDriver.ActionData(alex.Card, "session.create");
            foreach (var (key, value) in StartInputs) data[key] = value!.DeepClone();

            // Both invokes are in flight at once, through the real pipeline (no lock in between but the pointer's ETag).
            var responses = await Task.WhenAll(
                _bot.InvokeAsync(_bot.Execute(conversation, "session.create", data.DeepClone().AsObject(), alex.CardActivityId, "29:user-1", "Alex Wilber")),
                _bot.InvokeAsync(_bot.Execute(conversation, "session.create", data.DeepClone().AsObject(), alex.CardActivityId, "29:megan", "Megan Bowen")));

            var running = (await sessions.GetCurrentForConversationAsync(conversation.Id))!;
            var inConversation = (await sessions.ListByScopeAsync(running.Scope, 500)).Where(s => s.ConversationId == conversation.Id).ToList();
            Assert.Equal(running.Id, Assert.Single(inConversation).Id);
            // Both people see that one session: the winner its first section, the other the same card, told who started it.
            Assert.All(responses, r => Assert.Contains($"Sesión N°{running.Number}", Text(r["value"])));
            Assert.Single(responses, r => Text(r["value"]).Contains($"ya comenzó la sesión N°{running.Number} en esta conversación"));
            Assert.Contains(await sessions.GetParticipantsAsync(running.Id), p => p.Name == "Megan Bowen");
        }
    }
}
