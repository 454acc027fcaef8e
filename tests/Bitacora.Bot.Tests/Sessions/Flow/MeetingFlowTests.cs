using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>The meeting flow end to end through the real pipeline: Azurite tables, the sample registry, the fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeetingFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Dep = "dep-ejecucion-evaluacion";
    private const string Junji = "junji-bitacora-ett";
    private const string Unit = "unit:junji:16101001";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        // The territorial team of 16-1 (who may run its sessions); Mallory too, to show the conversation rule on its own.
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:mallory", "Mallory", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    private async Task<MeetingDriver> StartAsync(string guideId, string scopeId = Unit, string? conversationId = null)
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group(conversationId ?? "19:meeting-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = guideId, ["scopeId"] = scopeId, ["date"] = "2026-05-04", ["objective"] = "Revisar las condiciones", ["strategy"] = "Conversatorio",
        });
        if (guideId == Junji)
        {
            // A JUNJI meeting opens with its logbook record card (Logbook/); «Abrir el registro» gives the section card.
            Assert.Contains("Registro Comunidad de Aprendizaje N°", Text(meeting.Card));
            await meeting.ClickAsync("logbook.record");
        }
        Assert.Contains("Sección 1 de", Text(meeting.Card));
        return meeting;
    }

    private async Task<Session> SessionOf(MeetingDriver meeting) =>
        (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!;

    [Fact]
    public async Task A_whole_meeting_start_answer_navigate_pause_resume_edit_and_finish()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:whole@thread.v2"));

        // The start card: both guides, territories and units of the sample registry, today's date in Santiago.
        var start = await meeting.TypeAsync("Iniciar sesion", "Nueva sesión");
        var startJson = Text(start);
        Assert.Contains(Dep, startJson);
        Assert.Contains(Junji, startJson);
        Assert.Contains("territory:16-1", startJson);
        Assert.Contains(Unit, startJson);
        Assert.Equal("2026-05-04", MeetingDriver.InputValue(start, "date"));

        // Bad input: no objective, an impossible date → the start card comes back with a notice and the typed values.
        var refused = await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = Dep, ["scopeId"] = Unit, ["date"] = "2026-02-30", ["objective"] = "", ["strategy"] = "Conversatorio",
        });
        Assert.Equal("application/vnd.microsoft.card.adaptive", refused["type"]!.GetValue<string>());
        var refusedJson = Text(meeting.Card);
        Assert.Contains("La fecha «2026-02-30» no es válida", refusedJson);
        Assert.Contains("Escribe el objetivo de la sesión.", refusedJson);
        Assert.Equal(Unit, MeetingDriver.InputValue(meeting.Card, "scopeId"));
        Assert.Equal("2026-02-30", MeetingDriver.InputValue(meeting.Card, "date"));
        Assert.Equal("Conversatorio", MeetingDriver.InputValue(meeting.Card, "strategy"));
        Assert.Null(await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id));

        // Start: the first section card replaces the start card (invoke response and PUT for everyone).
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = Dep, ["scopeId"] = Unit, ["date"] = "2026-05-04", ["objective"] = "Revisar las condiciones", ["strategy"] = "Conversatorio",
        });
        var first = Text(meeting.Card);
        Assert.Contains("Sesión N°1", first);
        Assert.Contains("Jardín Infantil Los Copihues · Territorio 1 Diguillín", first);
        Assert.Contains("Etapa de Ejecución · Condiciones (1 de 3)", first);
        Assert.Contains("Sección 1 de 6", first);
        Assert.Contains("Avance: 0 de 33", first);
        await _bot.Connector.WaitForAsync(c => c.IsUpdate && c.ActivityId == meeting.CardActivityId && Text(c.Card).Contains("Sección 1 de 6"));
        var session = await SessionOf(meeting);
        Assert.Equal("territory:16-1", session.Scope.Kind == SessionScopeKind.Territory ? "territory:" + session.Scope.Id : "");
        Assert.Equal("junji:16101001", session.Unit!.Id);
        Assert.Equal("2026", session.Period);

        // Megan answers two questions; everyone's card shows the progress, who answered and the suggestion for "No".
        await meeting.ClickAsync("session.answer", new JsonObject
        {
            ["q.ej-cond-actores-involucrados"] = "Equipo directivo, UTP y educadoras",
            ["q.ej-cond-claridad-que-hacer"] = "no",
            ["n.ej-cond-claridad-que-hacer"] = "Falta socializar el plan",
        }, userId: "29:megan", userName: "Megan Bowen");
        var answered = Text(meeting.Card);
        Assert.Contains("Avance: 2 de 33 preguntas respondidas (6 %) · en esta sección 2 de 9", answered);
        Assert.Contains("Respondió Megan Bowen · 04-05-2026 09:00", answered);
        Assert.Contains("Sugerencia:", answered);
        Assert.Equal("no", MeetingDriver.InputValue(meeting.Card, "q.ej-cond-claridad-que-hacer"));
        var closedInput = MeetingDriver.Inputs(meeting.Card)["q.ej-cond-claridad-que-hacer"];
        Assert.Equal(System.Text.Json.JsonValueKind.False, closedInput["isMultiSelect"]!.GetValueKind());
        Assert.Equal(["si", "no", "parcialmente"], closedInput["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        // Everyone else sees it in the status message, updated in place; the shared question card is not re-sent.
        var status = await _bot.Connector.WaitForAsync(c => c.IsUpdate && Text(c.Card).Contains("Estado de la sesión") && Text(c.Card).Contains("Avance: 2 de 33"));
        Assert.Contains("Respondieron: Megan Bowen", Text(status.Card));
        Assert.Contains("Megan Bowen guardó 2 respuestas", Text(status.Card));
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.IsUpdate && c.ActivityId == meeting.CardActivityId && Text(c.Card).Contains("Avance: 2 de 33"));

        // Saving the same card again writes nothing (no history rows for unchanged values).
        _bot.Time.Advance(TimeSpan.FromMinutes(5));
        await meeting.ClickAsync("session.answer", new JsonObject
        {
            ["q.ej-cond-actores-involucrados"] = "Equipo directivo, UTP y educadoras", ["q.ej-cond-claridad-que-hacer"] = "no",
        });
        Assert.Contains("No hay cambios que guardar", Text(meeting.Card));
        Assert.Empty(await _bot.Get<AnswerRepository>().GetAllHistoryAsync(session.Id));

        // Next section, pause, resume by command.
        await meeting.ClickAsync("session.navigate", title: "Siguiente ▶");
        Assert.Contains("Etapa de Ejecución · Seguimiento (2 de 3)", Text(meeting.Card));
        await meeting.ClickAsync("session.pause");
        Assert.Contains("Sesión en pausa", Text(meeting.Card));
        Assert.Equal(SessionStatus.Paused, (await SessionOf(meeting)).Status);
        var resumed = await meeting.TypeAsync("continuar sesión", "Sesión retomada");
        Assert.Contains("Sección 2 de 6", Text(resumed));
        Assert.Equal(SessionStatus.Active, (await SessionOf(meeting)).Status);

        // Back to section 1 with the picker, Alex corrects Megan's answer: the previous value stays in history.
        _bot.Time.Advance(TimeSpan.FromMinutes(10));
        await meeting.ClickAsync("session.navigate", new JsonObject { ["goto"] = "ejecucion-condiciones" }, title: "Ir a la sección");
        Assert.Contains("Sección 1 de 6", Text(meeting.Card));
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-que-hacer"] = "si" });
        var edited = Text(meeting.Card);
        Assert.Contains("Respondió Alex Wilber · 04-05-2026 09:15", edited);
        Assert.Contains("Editado · antes: No (Megan Bowen · 04-05-2026 09:00)", edited);
        Assert.DoesNotContain("Sugerencia:", edited);
        var history = await _bot.Get<AnswerRepository>().GetHistoryAsync(session.Id, "ej-cond-claridad-que-hacer");
        var previous = Assert.Single(history);
        Assert.Equal(new ClosedAnswer("no"), previous.Value);
        Assert.Equal("Megan Bowen", previous.Respondent.Name);
        Assert.Equal("Alex Wilber", previous.ReplacedBy.Name);
        Assert.Equal("Falta socializar el plan", (await _bot.Get<AnswerRepository>().GetAsync(session.Id, "ej-cond-claridad-que-hacer"))!.Note);

        // Finish → the summary card.
        await meeting.FinishAsync();
        var summary = Text(meeting.Card);
        Assert.Contains("Resumen · Etapas de Ejecución y Evaluación", summary);
        Assert.Contains("finalizada", summary);
        Assert.Contains("2 de 33 preguntas respondidas", summary);
        Assert.Contains("Equipo directivo, UTP y educadoras", summary);
        Assert.Contains("Sí — Nota: Falta socializar el plan (editada)", summary);
        Assert.Contains("Sin responder:", summary);
        Assert.Contains("Alex Wilber (1), Megan Bowen (1)", summary);
        Assert.Contains("Compromisos registrados en esta sesión: 0", summary);
        Assert.Equal(session.Id, MeetingDriver.ActionData(meeting.Card, "commitment.new")["sessionId"]!.GetValue<string>());
        Assert.Null(await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id));
    }

    [Fact]
    public async Task Invalid_answers_are_shown_per_question_while_valid_ones_are_saved_and_typed_text_stays()
    {
        // A JUNJI meeting walks the record (Registro N°k); its date, objective and strategy come from the start form.
        var meeting = await StartAsync(Junji, "territory:16-1");
        var session = await SessionOf(meeting);
        var answers = _bot.Get<AnswerRepository>();

        await meeting.ClickAsync("session.answer", new JsonObject
        {
            ["q.rc-proyecciones-ue"] = "Visitar las UE", ["q.rc-fecha"] = "2026-02-30",
        });
        var card = Text(meeting.Card);
        Assert.Contains("Respuestas guardadas: 1. Con error: 1", card);
        Assert.Contains("La fecha «2026-02-30» no es válida", card);
        Assert.Equal("2026-02-30", MeetingDriver.InputValue(meeting.Card, "q.rc-fecha"));
        Assert.Equal("Visitar las UE", MeetingDriver.InputValue(meeting.Card, "q.rc-proyecciones-ue"));
        Assert.Equal(new TextAnswer("Visitar las UE"), (await answers.GetAsync(session.Id, "rc-proyecciones-ue"))!.Value);
        Assert.Equal(new DateAnswer(new DateOnly(2026, 5, 4)), (await answers.GetAsync(session.Id, "rc-fecha"))!.Value);

        // Clearing a required answer is refused; the stored value does not change.
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.rc-objetivo"] = "", ["q.rc-fecha"] = "2026-05-05" });
        Assert.Contains("Esta pregunta es obligatoria", Text(meeting.Card));
        Assert.Equal(new TextAnswer("Revisar las condiciones"), (await answers.GetAsync(session.Id, "rc-objetivo"))!.Value);
        Assert.Equal(new DateAnswer(new DateOnly(2026, 5, 5)), (await answers.GetAsync(session.Id, "rc-fecha"))!.Value);

        // "Finalizar" with a wrong input stays on the card.
        await meeting.ClickAsync("session.finish", new JsonObject { ["q.rc-fecha"] = "2026-02-31", ["q.rc-proyecciones-ett"] = "Analizar casos" });
        var record = Text(meeting.Card);
        Assert.Contains("No cambié de sección", record);
        Assert.Equal("2026-02-31", MeetingDriver.InputValue(meeting.Card, "q.rc-fecha"));
        Assert.Equal(new TextAnswer("Analizar casos"), (await answers.GetAsync(session.Id, "rc-proyecciones-ett"))!.Value);
        Assert.Equal(SessionStatus.Active, (await SessionOf(meeting)).Status);
    }

    [Fact]
    public async Task A_stale_card_saves_its_answers_and_gets_the_current_card_but_does_not_move_the_session()
    {
        var meeting = await StartAsync(Dep);
        var oldCard = meeting.Card;
        await meeting.ClickAsync("session.navigate", title: "Siguiente ▶");
        var session = await SessionOf(meeting);
        Assert.Equal(1, session.CurrentSectionIndex);

        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-recursos"] = "parcialmente" },
            userId: "29:megan", userName: "Megan Bowen", card: oldCard);
        var reply = Text(meeting.Card);
        Assert.Contains("versión anterior", reply);
        Assert.Contains("Guardé tus respuestas de «Condiciones»", reply);
        Assert.Contains("Sección 2 de 6", reply);
        Assert.Contains("Avance: 1 de 33", reply);
        Assert.Equal(new ClosedAnswer("parcialmente"), (await _bot.Get<AnswerRepository>().GetAsync(session.Id, "ej-cond-claridad-recursos"))!.Value);

        await meeting.ClickAsync("session.pause", card: oldCard);
        Assert.Contains("versión anterior", Text(meeting.Card));
        var after = await SessionOf(meeting);
        Assert.Equal(SessionStatus.Active, after.Status);
        Assert.Equal(session.Version, after.Version);
    }

    [Fact]
    public async Task Clicks_from_another_conversation_or_on_a_missing_session_are_refused_and_write_nothing()
    {
        var meeting = await StartAsync(Dep);
        var session = await SessionOf(meeting);

        var outsider = await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-recursos"] = "si" },
            userId: "29:mallory", userName: "Mallory", from: Conversation.Group("19:other@thread.v2"));
        Assert.Equal("application/vnd.microsoft.activity.message", outsider["type"]!.GetValue<string>());
        Assert.Contains("pertenece a otra conversación", outsider["value"]!.GetValue<string>());

        var data = MeetingDriver.ActionData(meeting.Card, "session.answer");
        data["sessionId"] = "territory%3A99-9/0000000000000000000~2026~0001";
        data["q.ej-cond-claridad-recursos"] = "si";
        var missing = await _bot.InvokeAsync(_bot.Execute(meeting.Conversation, "session.answer", data, meeting.CardActivityId));
        Assert.Contains("sesión que no existe", missing["value"]!.GetValue<string>());

        Assert.Empty(await _bot.Get<AnswerRepository>().GetAnswersAsync(session.Id));
        Assert.DoesNotContain(await _bot.Get<SessionRepository>().GetParticipantsAsync(session.Id), p => p.Name == "Mallory");
    }

    [Fact]
    public async Task A_finished_session_refuses_answers_and_a_second_start_offers_to_continue_the_running_one()
    {
        var meeting = await StartAsync(Dep);
        var session = await SessionOf(meeting);
        var sectionCard = meeting.Card;

        await meeting.TypeAsync("iniciar sesión", "Ya hay una sesión en curso");
        Assert.Contains("Continuar sesión", Text(meeting.Card));
        await meeting.ClickAsync("session.resume");
        Assert.Contains("Sección 1 de 6", Text(meeting.Card));

        await meeting.FinishAsync();
        var refused = await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-claridad-recursos"] = "si" }, card: sectionCard);
        Assert.Contains("ya finalizó", refused["value"]!.GetValue<string>());
        Assert.Empty(await _bot.Get<AnswerRepository>().GetAnswersAsync(session.Id));
    }
}
