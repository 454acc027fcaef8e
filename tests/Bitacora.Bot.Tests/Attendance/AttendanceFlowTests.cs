using System.Text.Json.Nodes;
using Bitacora.Bot.Attendance;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Sessions.Flow;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Attendance;

/// <summary>
/// Attendance through the real pipeline (Azurite tables, sample registry, fake Teams connector with the conversation's
/// members): «presentes» and its card, concurrent marking, the start card, Teams meeting events and the counts in
/// «participación» and the semester summary.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AttendanceFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Dep = "dep-ejecucion-evaluacion";
    private const string Unit = "unit:junji:16101001";
    private BotPipeline _bot = null!;

    // Members as the members API returns them; the object ids are the aadObjectId the pipeline's activities carry.
    private static readonly (string Id, string Name, string Aad) Alex = ("29:user-1", "Alex Wilber", "aad-29:user-1");
    private static readonly (string Id, string Name, string Aad) Megan = ("29:megan", "Megan Bowen", "aad-29:megan");
    private static readonly (string Id, string Name, string Aad) Adele = ("29:adele", "Adele Vance", "aad-29:adele");

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser with { CoordinatedTerritories = ["16-1"] }, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
        foreach (var (id, name, aad) in new[] { Alex, Megan, Adele })
        {
            var parts = name.Split(' ');
            _bot.Connector.Members.Add(FakeConnector.TeamsMember(id, aad, parts[0], parts[1], parts[0].ToLowerInvariant() + "@test.example"));
        }
        _bot.Connector.Members.Add(new JsonObject { ["id"] = BotPipeline.BotId, ["name"] = BotPipeline.BotName });
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    private static Conversation NewChat() => Conversation.Group("19:attendance-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2");

    private async Task<MeetingDriver> StartAsync(Conversation conversation, JsonObject? attendanceInputs = null)
    {
        var meeting = new MeetingDriver(_bot, conversation);
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        var inputs = new JsonObject
        {
            ["guideId"] = Dep, ["scopeId"] = Unit, ["date"] = "2026-05-04", ["objective"] = "Revisar las condiciones", ["strategy"] = "Conversatorio",
        };
        foreach (var (key, value) in attendanceInputs ?? []) inputs[key] = value?.DeepClone();
        await meeting.ClickAsync("session.create", inputs);
        Assert.Contains("Sección 1 de", Text(meeting.Card));
        return meeting;
    }

    private async Task<Session> SessionOf(Conversation conversation) =>
        (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(conversation.Id))!;

    private async Task<List<string>> PresentNames(Conversation conversation) =>
        (await _bot.Get<AttendanceService>().PresentAsync((await SessionOf(conversation)).Id, default)).Select(e => e.Name).ToList();

    /// <summary>Types «presentes» and returns the attendance card the bot posts.</summary>
    private async Task<(MeetingDriver Driver, JsonObject Card)> OpenAttendanceAsync(Conversation conversation, string userId = "29:user-1",
        string userName = "Alex Wilber")
    {
        var driver = new MeetingDriver(_bot, conversation, "attendance-card");
        var card = await driver.TypeAsync("presentes", "Asistencia · Sesión N°", userId, userName);
        return (driver, card);
    }

    private static string ChoiceValue(JsonObject card, string name) =>
        MeetingDriver.Inputs(card)["present"]["choices"]!.AsArray().Single(c => c!["title"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    [Fact]
    public async Task Presentes_lists_the_members_and_stores_ticks_and_typed_names_then_an_untick()
    {
        var chat = NewChat();
        await StartAsync(chat);
        var (driver, card) = await OpenAttendanceAsync(chat);

        // The conversation's members (paged members API), never the bot; nobody is marked yet.
        var choices = MeetingDriver.Inputs(card)["present"]["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["Adele Vance", "Alex Wilber", "Megan Bowen"], choices);
        Assert.DoesNotContain(BotPipeline.BotName, Text(card));
        Assert.Equal("", MeetingDriver.InputValue(card, "present"));
        Assert.Contains("Presentes: 0 · Respondieron: 0", Text(card));
        Assert.True(Cards.CardBudget.FitsDesign(card));

        var saved = await driver.ClickAsync("attendance.save", new JsonObject
        {
            ["present"] = ChoiceValue(card, "Alex Wilber") + "," + ChoiceValue(card, "Adele Vance"),
            ["guests"] = "María José Rojas; pedro soto\n  ",
        });
        Assert.Equal("application/vnd.microsoft.card.adaptive", saved["type"]!.GetValue<string>());
        Assert.Contains("Guardé la asistencia: 4 presentes.", Text(driver.Card));
        Assert.Equal(["Adele Vance", "Alex Wilber", "María José Rojas", "pedro soto"], await PresentNames(chat));
        // Everyone sees it in the status message, updated in place.
        await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Estado de la sesión")
                                               && Text(c.Card).Contains("Presentes: Adele Vance, Alex Wilber, María José Rojas, pedro soto"));

        // The typed guests are choices now; un-ticking Adele removes her only.
        var ticked = MeetingDriver.InputValue(driver.Card, "present")!.Split(',').Where(k => k != ChoiceValue(driver.Card, "Adele Vance"));
        await driver.ClickAsync("attendance.save", new JsonObject { ["present"] = string.Join(",", ticked) }, userId: "29:megan", userName: "Megan Bowen");
        Assert.Contains("Guardé la asistencia: 3 presentes.", Text(driver.Card));
        Assert.Equal(["Alex Wilber", "María José Rojas", "pedro soto"], await PresentNames(chat));
        var adele = (await _bot.Get<AttendanceService>().ListAsync((await SessionOf(chat)).Id, default)).Single(e => e.Name == "Adele Vance");
        Assert.False(adele.Marked);
        Assert.Equal("Megan Bowen", adele.MarkedBy);

        // Saving the same card again changes nothing.
        await driver.ClickAsync("attendance.save", new JsonObject { ["present"] = MeetingDriver.InputValue(driver.Card, "present") });
        Assert.Contains("No hay cambios en la asistencia.", Text(driver.Card));
    }

    [Fact]
    public async Task Two_people_marking_at_the_same_time_both_count_and_a_stale_card_never_removes_what_it_did_not_show()
    {
        var chat = NewChat();
        await StartAsync(chat);
        var (alexDriver, alexCard) = await OpenAttendanceAsync(chat);
        var (meganDriver, meganCard) = await OpenAttendanceAsync(chat, "29:megan", "Megan Bowen");

        // Both cards showed nobody present; both save at once.
        await Task.WhenAll(
            alexDriver.ClickAsync("attendance.save", new JsonObject { ["present"] = ChoiceValue(alexCard, "Adele Vance") }, card: alexCard),
            meganDriver.ClickAsync("attendance.save", new JsonObject
            {
                ["present"] = ChoiceValue(meganCard, "Megan Bowen") + "," + ChoiceValue(meganCard, "Alex Wilber"),
                ["guests"] = "Pedro Soto",
            }, userId: "29:megan", userName: "Megan Bowen", card: meganCard));
        Assert.Equal(["Adele Vance", "Alex Wilber", "Megan Bowen", "Pedro Soto"], await PresentNames(chat));

        // Alex saves again from his first card (which showed nobody): ticking only Adele does not untick the others.
        await alexDriver.ClickAsync("attendance.save", new JsonObject { ["present"] = ChoiceValue(alexCard, "Adele Vance") }, card: alexCard);
        Assert.Equal(["Adele Vance", "Alex Wilber", "Megan Bowen", "Pedro Soto"], await PresentNames(chat));
    }

    [Fact]
    public async Task The_start_card_offers_the_members_and_records_who_was_ticked_when_the_session_starts()
    {
        var chat = NewChat();
        var meeting = new MeetingDriver(_bot, chat);
        var start = await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        var present = MeetingDriver.Inputs(start)["present"];
        Assert.True(present["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal(3, present["choices"]!.AsArray().Count);
        Assert.Contains("¿Quiénes están presentes?", Text(start));

        // A refused start keeps the ticks and the typed names.
        var megan = ChoiceValue(start, "Megan Bowen");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = Dep, ["scopeId"] = Unit, ["date"] = "2026-05-04", ["objective"] = "", ["present"] = megan, ["guests"] = "Pedro Soto",
        });
        Assert.Equal(megan, MeetingDriver.InputValue(meeting.Card, "present"));
        Assert.Equal("Pedro Soto", MeetingDriver.InputValue(meeting.Card, "guests"));

        var running = await StartAsync(chat, new JsonObject { ["present"] = megan, ["guests"] = "Pedro Soto" });
        Assert.Equal(["Megan Bowen", "Pedro Soto"], await PresentNames(chat));

        // The finished session's summary says who was there.
        await running.FinishAsync();
        Assert.Contains("Presentes (2): Megan Bowen, Pedro Soto", Text(running.Card));
    }

    [Fact]
    public async Task Teams_meeting_events_record_who_joined_before_and_during_the_session_and_a_hand_correction_wins()
    {
        var chat = NewChat();
        var t0 = _bot.Time.GetUtcNow();
        // The meeting starts and two people join before anyone types «iniciar sesión».
        Assert.True((await _bot.PostAsync(MeetingEventPayloads.Start(_bot, chat, t0))).IsSuccessStatusCode);
        Assert.True((await _bot.PostAsync(MeetingEventPayloads.Join(_bot, chat, Alex, Adele))).IsSuccessStatusCode);
        await StartAsync(chat);
        Assert.Equal(["Adele Vance", "Alex Wilber"], await PresentNames(chat));

        // Megan joins during the session: everyone sees her in the status message.
        _bot.Time.Advance(TimeSpan.FromMinutes(7));
        await _bot.PostAsync(MeetingEventPayloads.Join(_bot, chat, Megan));
        await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Estado de la sesión") && Text(c.Card).Contains("Presentes: Adele Vance, Alex Wilber, Megan Bowen"));

        // Adele leaves (she was there), the meeting ends: nobody is still in it, all three count.
        await _bot.PostAsync(MeetingEventPayloads.Leave(_bot, chat, Adele));
        await _bot.PostAsync(MeetingEventPayloads.End(_bot, chat, t0.AddHours(1)));
        var session = await SessionOf(chat);
        var entries = await _bot.Get<AttendanceService>().ListAsync(session.Id, default);
        Assert.All(entries, e => Assert.False(e.InMeeting));
        Assert.Equal(t0.AddMinutes(7), entries.Single(e => e.Name == "Megan Bowen").FirstJoinedAt);
        Assert.Equal(["Adele Vance", "Alex Wilber", "Megan Bowen"], await PresentNames(chat));
        Assert.Equal(new MeetingTimes("meeting_id", "Comunidad de aprendizaje", null, t0.AddHours(1)),
            await _bot.Get<AttendanceStore>().GetMeetingAsync(AttendanceStore.SessionPartition(session.Id), default));

        // The card shows who joined and when; un-ticking Alex by hand wins over Teams' word.
        var (driver, card) = await OpenAttendanceAsync(chat);
        Assert.Contains("Entraron a la reunión de Teams: Adele Vance (09:00), Alex Wilber (09:00), Megan Bowen (09:07)", Text(card));
        var ticked = MeetingDriver.InputValue(card, "present")!.Split(',').Where(k => k != ChoiceValue(card, "Alex Wilber"));
        await driver.ClickAsync("attendance.save", new JsonObject { ["present"] = string.Join(",", ticked) });
        Assert.Equal(["Adele Vance", "Megan Bowen"], await PresentNames(chat));
        // Events never reach the router: no help card answered them.
        Assert.DoesNotContain(_bot.Connector.Calls, c => Text(c.Card).Contains("No entendí"));
    }

    [Fact]
    public async Task A_finished_session_offers_no_attendance_and_a_click_from_an_old_card_explains_reopening_and_writes_nothing()
    {
        var chat = NewChat();
        var running = await StartAsync(chat);
        var (driver, card) = await OpenAttendanceAsync(chat);
        await driver.ClickAsync("attendance.save", new JsonObject { ["present"] = ChoiceValue(card, "Alex Wilber") });
        // While running, the status message offers «Marcar presentes».
        var oldStatus = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Estado de la sesión")
                                                                && Text(c.Card).Contains("Presentes: Alex Wilber"))).Card!;
        Assert.Contains(MeetingDriver.Actions(oldStatus), a => a["verb"]?.GetValue<string>() == AttendanceCardAction.Open);

        var session = await SessionOf(chat);
        await running.FinishAsync();
        var finished = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Estado de la sesión N°")
                                                              && Text(c.Card).Contains("· finalizada"))).Card!;
        Assert.DoesNotContain(MeetingDriver.Actions(finished), a => a["verb"]?.GetValue<string>()?.StartsWith("attendance.", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(MeetingDriver.Actions(running.Card), a => a["verb"]?.GetValue<string>()?.StartsWith("attendance.", StringComparison.Ordinal) == true);

        // Old cards: the status message's «Marcar presentes» and the attendance card's «Guardar asistencia».
        var before = System.Text.Json.JsonSerializer.Serialize(await _bot.Get<AttendanceService>().ListAsync(session.Id, default));
        var status = new MeetingDriver(_bot, chat, "status-card") { Card = oldStatus };
        foreach (var (click, verb, inputs) in new[]
                 {
                     (status, AttendanceCardAction.Open, (JsonObject?)null),
                     (driver, AttendanceCardAction.Save, new JsonObject { ["present"] = ChoiceValue(card, "Megan Bowen") }),
                 })
        {
            var response = await click.ClickAsync(verb, inputs, card: verb == AttendanceCardAction.Open ? oldStatus : card);
            Assert.Equal("application/vnd.microsoft.activity.message", response["type"]!.GetValue<string>());
            var shown = response["value"]!.GetValue<string>();
            Assert.Equal(_bot.Get<AttendanceTexts>().Format(AttendanceTexts.RefuseFinished, session.Number), shown);
            Assert.Contains("ya finalizó", shown);
            Assert.Contains("«Reabrir sesión»", shown);
        }
        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(await _bot.Get<AttendanceService>().ListAsync(session.Id, default)));
        Assert.Equal(["Alex Wilber"], (await _bot.Get<AttendanceService>().PresentAsync(session.Id, default)).Select(e => e.Name));
    }

    [Fact]
    public async Task Participacion_and_the_semester_summary_count_who_was_present_against_who_answered()
    {
        var chat = NewChat();
        var meeting = await StartAsync(chat);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Equipo directivo y educadoras" },
            userId: "29:megan", userName: "Megan Bowen");
        var (driver, card) = await OpenAttendanceAsync(chat);
        await driver.ClickAsync("attendance.save", new JsonObject
        {
            ["present"] = ChoiceValue(card, "Megan Bowen") + "," + ChoiceValue(card, "Adele Vance"),
            ["guests"] = "Pedro Soto",
        });

        var seen = _bot.Connector.Calls.Count;
        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "participación"));
        var report = await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Participación · "));
        var json = Text(report.Card);
        Assert.Contains("N°1 · 04-05-2026 · Jardín Infantil Los Copihues: 2 participantes, 1 respuesta · 3 presentes (1 respondieron)", json);
        Assert.Contains("\"title\":\"Personas presentes (distintas)\",\"value\":\"3\"", json);
        var chart = MeetingDriverCharts(report.Card!).Single(c => c["title"]!.GetValue<string>().StartsWith("Presentes y respuestas por sesión", StringComparison.Ordinal));
        Assert.Equal("Chart.HorizontalBar.Stacked", chart["type"]!.GetValue<string>());
        var points = chart["data"]![0]!["data"]!.AsArray().ToDictionary(p => p!["legend"]!.GetValue<string>(), p => p!["value"]!.GetValue<int>());
        Assert.Equal(1, points["Presentes que respondieron"]);
        Assert.Equal(2, points["Presentes sin responder"]);
        Assert.Equal(0, points["Respondieron sin marcarse presentes"]);
        Assert.Contains("N°1: 3 presentes, 1 de ellos respondieron; 0 respondieron sin marcarse presentes.", chart["fallback"]!["text"]!.GetValue<string>());

        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "resumen semestral unidad junji 16101001"));
        var summary = await _bot.Connector.WaitForAsync(c => _bot.Connector.Calls.ToList().IndexOf(c) >= seen && Text(c.Card).Contains("para el equipo directivo"));
        Assert.Contains("\"title\":\"Personas presentes (distintas)\",\"value\":\"3\"", Text(summary.Card));
    }

    private static IEnumerable<JsonObject> MeetingDriverCharts(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]?.GetValue<string>()?.StartsWith("Chart.", StringComparison.Ordinal) == true);
}
