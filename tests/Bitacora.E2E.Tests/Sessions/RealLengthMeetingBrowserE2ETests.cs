using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.E2E.Tests.Logbook;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// Issue 11 as a team really writes: a meeting walked in the Agents Playground UI (headless Chromium) by two advisers,
/// with several 4 000-character answers on the same section, in the DEP guide and in a JUNJI record. Alex Wilber is the
/// browser (user-id-0); Megan Bowen (user-id-1) saves through the Playground's custom-activity API from the card the bot
/// would show her. Every card that reaches the browser — the invoke responses of Alex's clicks (captured from the page's
/// own requests) and every message the bot posts or updates for everyone (the Playground's WebSocket) — is measured as
/// Teams measures it and must fit the design budget; no update for everyone may fail (the bot's log and the chat are
/// checked). Screenshots of the section card, the status message and the summary go to .artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class RealLengthMeetingBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const int MaxText = 4000;
    private const string Dep = "dep-ejecucion-evaluacion";

    private static string Long(string who, string what) =>
        string.Concat(Enumerable.Repeat($"{who} · {what}: la comunidad revisó «el plan de apoyo» con la directora de Ñuble y acordó pasos. ", 60))[..(MaxText - 1)].TrimEnd() + ".";

    [Fact]
    public async Task Dep_section_with_three_long_answers_from_two_advisers_keeps_updating_for_everyone_within_the_budget()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        if (await sessions.GetCurrentForConversationAsync(chat) is { } leftover) await sessions.FinishAsync(leftover.Id, null);
        var answers = e2e.Services.GetRequiredService<AnswerRepository>();
        var sizes = new CardSizes();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            e2e.Client.MarkCheckpoint();
            var composer = browser.TextBox.Last;
            await composer.FillAsync("iniciar sesión");
            await composer.PressAsync("Enter");
            card = browser.Cards("Nueva sesión de comunidad de aprendizaje").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var start = await e2e.Client.WaitForMessageInAsync(chat, m => m.Contains("Nueva sesión de comunidad de aprendizaje"), TimeSpan.FromSeconds(30));
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Guía"), "Etapas de Ejecución y Evaluación");
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Territorio o unidad"), "16101001");
            await PlaygroundBrowser.FillAsync(card, "Objetivo de la sesión", "Revisar las condiciones de la ejecución");
            await ClickAsync(browser, sizes, card, "Comenzar");

            card = browser.Cards("Ir a la sección").Filter(new() { HasText = "Avance: 0 de 33" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Etapa de Ejecución · Condiciones (1 de 3)");
            var session = (await sessions.GetCurrentForConversationAsync(chat))!;

            // Alex: a 4 000-character answer and a closed one.
            var alexActors = Long("Alex", "actores");
            await card.GetByLabel("¿Qué actores del EE están involucrados").First.FillAsync(alexActors);
            var closed = card.Locator(".ac-container").Filter(new() { HasText = "¿Lo que deben hacer?" })
                .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Combobox) }).Last;
            await browser.ChooseAsync(closed.GetByRole(AriaRole.Combobox).First, "No");
            await ClickAsync(browser, sizes, card, "Guardar respuestas");
            await Assertions.Expect(browser.Cards("Estado de la sesión").Last).ToContainTextAsync("Alex Wilber guardó 2 respuestas", new() { Timeout = Wait });
            await Assertions.Expect(browser.Cards("Ir a la sección").Filter(new() { HasText = "Avance: 2 de 33" }).Last).ToBeVisibleAsync(new() { Timeout = Wait });

            // Megan, from the card the bot shows her, saves another 4 000-character answer of the same section.
            var meganReports = Long("Megan", "reportes");
            await SaveAsMeganAsync(chat, start.MessageId, session, new() { ["q.ej-cond-reportes-parciales"] = meganReports });
            await WaitStoredAsync(answers, session.Id, "ej-cond-reportes-parciales", meganReports);
            var status = browser.Cards("Estado de la sesión").Last;
            await Assertions.Expect(status).ToContainTextAsync("Megan Bowen guardó 1 respuesta", new() { Timeout = Wait });
            await Assertions.Expect(status).ToContainTextAsync("Avance: 3 de 33");

            // Alex, on his card (Megan's question still blank on it), writes a third long answer and saves.
            card = browser.Cards("Ir a la sección").Filter(new() { HasText = "Avance: 2 de 33" }).Last;
            var alexConditions = Long("Alex", "condiciones");
            await card.GetByLabel("¿Cómo asegurar las condiciones óptimas").First.FillAsync(alexConditions);
            await ClickAsync(browser, sizes, card, "Guardar respuestas");
            await Assertions.Expect(browser.Cards("Estado de la sesión").Last).ToContainTextAsync("Avance: 4 de 33", new() { Timeout = Wait });
            card = browser.Cards("Ir a la sección").Filter(new() { HasText = "Avance: 4 de 33" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Respondió Megan Bowen");
            await WaitStoredAsync(answers, session.Id, "ej-cond-condiciones-optimas", alexConditions);
            Assert.Equal(new TextAnswer(meganReports), (await answers.GetAsync(session.Id, "ej-cond-reportes-parciales"))!.Value);
            Assert.Equal(new TextAnswer(alexActors), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
            await browser.ScreenshotAsync(card, "bitacora-meeting-real-length-section");

            // Moving on and back re-sends the shared card for everyone (a PUT of the start message): with three long
            // answers on it, this is the update that used to fail with 413.
            await ClickAsync(browser, sizes, card, "Siguiente ▶");
            await e2e.Client.WaitForUpdateAsync(start.MessageId, m => m.Contains("Seguimiento (2 de 3)"), TimeSpan.FromSeconds(30));
            card = browser.Cards("Ir a la sección").Filter(new() { HasText = "Seguimiento (2 de 3)" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await ClickAsync(browser, sizes, card, "◀ Anterior");
            var back = await e2e.Client.WaitForUpdateAsync(start.MessageId, m => m.Contains("Condiciones (1 de 3)") && m.Contains("Megan Bowen"), TimeSpan.FromSeconds(30));
            Assert.Contains("Alex · actores", back.AllText);
            card = browser.Cards("Ir a la sección").Filter(new() { HasText = "Condiciones (1 de 3)" }).Filter(new() { HasText = "Avance: 4 de 33" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync(card, "bitacora-meeting-real-length-shared-card");

            // «Finalizar» → asked → the summary for everyone; the status message says it is finished.
            await ClickAsync(browser, sizes, card, "Finalizar");
            var ask = browser.Cards("¿Finalizar la sesión").Last;
            await Assertions.Expect(ask).ToBeVisibleAsync(new() { Timeout = Wait });
            await ClickAsync(browser, sizes, ask, "Sí, finalizar");
            var summary = browser.Cards("Historial: finalizada por").Last;
            await Assertions.Expect(summary).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(summary).ToContainTextAsync("Etapa de Ejecución · Condiciones (1 de 3)");
            await browser.ScreenshotAsync(summary, "bitacora-meeting-real-length-summary");
            await e2e.Client.WaitForUpdateAsync(start.MessageId, m => m.Contains("Historial: finalizada por"), TimeSpan.FromSeconds(30));
            await Assertions.Expect(browser.Cards("Estado de la sesión").Last).ToContainTextAsync("· finalizada", new() { Timeout = Wait });
            await browser.ScreenshotAsync(browser.Cards("Estado de la sesión").Last, "bitacora-meeting-real-length-status-finished");

            AssertEverythingFits(chat, sizes);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-meeting-real-length-FAILED");
            if (card is not null) await browser.DumpHtmlAsync(card, "bitacora-meeting-real-length-FAILED-card");
            throw;
        }
        finally
        {
            if (await sessions.GetCurrentForConversationAsync(chat) is { } running) await sessions.FinishAsync(running.Id, expectedVersion: null);
        }
    }

    [Fact]
    public async Task Junji_record_with_long_answers_from_two_advisers_fits_and_finishes()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        if (await sessions.GetCurrentForConversationAsync(chat) is { } leftover) await sessions.FinishAsync(leftover.Id, null);
        var answers = e2e.Services.GetRequiredService<AnswerRepository>();
        var sizes = new CardSizes();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            e2e.Client.MarkCheckpoint();
            var objective = Long("Alex", "objetivo")[..600];
            card = await LogbookBrowserE2ETests.StartAsync(browser, objective);
            var start = await e2e.Client.WaitForMessageInAsync(chat, m => m.Contains("Nueva sesión de comunidad de aprendizaje"), TimeSpan.FromSeconds(30));
            var session = await WaitRunningAsync(sessions, chat);
            card = browser.Cards($"Abrir el registro N°{session.Number}").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await ClickAsync(browser, sizes, card, $"Abrir el registro N°{session.Number}");

            card = browser.Cards("Sección 1 de 1").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var alexStrategy = Long("Alex", "estrategia");
            var alexProjections = Long("Alex", "proyecciones UE");
            await Field(browser, card, "Estrategia").FillAsync(alexStrategy);
            await Field(browser, card, "Proyecciones con las UE").FillAsync(alexProjections);
            await ClickAsync(browser, sizes, card, "Guardar respuestas");
            await Assertions.Expect(browser.Cards("Estado de la sesión").Last).ToContainTextAsync("Alex Wilber guardó 2 respuestas", new() { Timeout = Wait });

            var meganProjections = Long("Megan", "proyecciones ETT");
            await SaveAsMeganAsync(chat, start.MessageId, session, new() { ["q.rc-proyecciones-ett"] = meganProjections });
            await WaitStoredAsync(answers, session.Id, "rc-proyecciones-ett", meganProjections);
            await Assertions.Expect(browser.Cards("Estado de la sesión").Last).ToContainTextAsync("Megan Bowen guardó 1 respuesta", new() { Timeout = Wait });
            Assert.Equal(new TextAnswer(alexStrategy), (await answers.GetAsync(session.Id, "rc-estrategia"))!.Value);
            Assert.Equal(new TextAnswer(alexProjections), (await answers.GetAsync(session.Id, "rc-proyecciones-ue"))!.Value);

            // The record with four long answers, as Alex asks for it again («Ver tarjeta actualizada» on the status message).
            await ClickAsync(browser, sizes, browser.Cards("Estado de la sesión").Last, "Ver tarjeta actualizada");
            card = browser.Cards("Sección 1 de 1").Filter(new() { HasText = "Respondió Megan Bowen" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync(card, "bitacora-meeting-real-length-junji-record");

            await ClickAsync(browser, sizes, card, "Finalizar");
            var ask = browser.Cards("¿Finalizar la sesión").Last;
            await Assertions.Expect(ask).ToBeVisibleAsync(new() { Timeout = Wait });
            await ClickAsync(browser, sizes, ask, "Sí, finalizar");
            var summary = browser.Cards("Descargar registro (.docx)").Last;
            await Assertions.Expect(summary).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync(summary, "bitacora-meeting-real-length-junji-summary");
            Assert.Equal(SessionStatus.Finished, (await sessions.GetAsync(session.Id))!.Status);

            AssertEverythingFits(chat, sizes);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-meeting-real-length-junji-FAILED");
            if (card is not null) await browser.DumpHtmlAsync(card, "bitacora-meeting-real-length-junji-FAILED-card");
            throw;
        }
        finally
        {
            if (await sessions.GetCurrentForConversationAsync(chat) is { } running) await sessions.FinishAsync(running.Id, expectedVersion: null);
        }
    }

    /// <summary>Sizes of the cards the browser received as invoke responses (what the clicker sees).</summary>
    private sealed class CardSizes
    {
        public List<(string Title, int Bytes)> Invokes { get; } = [];
    }

    /// <summary>Clicks a card button and records the size of the card the bot answered with (the page's own invoke request).</summary>
    private static async Task ClickAsync(PlaygroundBrowser browser, CardSizes sizes, ILocator card, string title)
    {
        var response = await browser.Page.RunAndWaitForResponseAsync(
            () => PlaygroundBrowser.ClickButtonAsync(card, title, Wait),
            r => r.Url.EndsWith("/_conversation/v1/invoke", StringComparison.Ordinal) && r.Request.Method == "POST",
            new() { Timeout = Wait });
        Assert.True(response.Ok, $"«{title}»: the invoke answered {response.Status}");
        var body = JsonNode.Parse(await response.TextAsync())!.AsObject();
        if (body["value"] is JsonObject shown) sizes.Invokes.Add((title, CardBudget.Measure(shown)));
    }

    /// <summary>No card the bot sent or answered exceeded the design budget, and no update for everyone failed.</summary>
    private void AssertEverythingFits(string chat, CardSizes sizes)
    {
        Assert.NotEmpty(sizes.Invokes);
        Assert.All(sizes.Invokes, s => Assert.True(s.Bytes <= CardBudget.DesignBytes, $"«{s.Title}» answered a card of {s.Bytes} bytes"));
        var sent = e2e.Client.Received.Skip(e2e.Client.Checkpoint).Where(m => m.IsIn(chat)).ToList();
        Assert.Contains(sent, m => m.IsUpdate);
        Assert.All(sent.SelectMany(m => m.AdaptiveCards), c => Assert.True(CardBudget.Measure(c) <= CardBudget.DesignBytes, $"a card of {CardBudget.Measure(c)} bytes"));
        Assert.DoesNotContain(sent, m => m.Contains("No pude actualizar para todos"));
        Assert.DoesNotContain("for everyone; posting it again", e2e.BotDiagnostics(), StringComparison.Ordinal);
    }

    private static ILocator Field(PlaygroundBrowser browser, ILocator card, string question) =>
        card.Locator(".ac-container").Filter(new() { HasText = question })
            .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Textbox) }).Last.GetByRole(AriaRole.Textbox).First;

    private static async Task<Session> WaitRunningAsync(SessionRepository sessions, string chat)
    {
        var until = DateTime.UtcNow.AddMilliseconds(Wait);
        while (true)
        {
            if (await sessions.GetCurrentForConversationAsync(chat) is { Status: SessionStatus.Active } session) return session;
            Assert.True(DateTime.UtcNow < until, "The session never started.");
            await Task.Delay(100);
        }
    }

    /// <summary>A fire-and-forget save (the custom-activity API) is done when the bot has stored it.</summary>
    private static async Task WaitStoredAsync(AnswerRepository answers, string sessionId, string questionId, string text)
    {
        var until = DateTime.UtcNow.AddMilliseconds(Wait);
        while ((await answers.GetAsync(sessionId, questionId))?.Value is not TextAnswer { Text: var stored } || stored != text)
        {
            Assert.True(DateTime.UtcNow < until, $"{questionId} was never stored.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Megan presses «Guardar respuestas» on the section card the bot would show her now (rendered by the bot itself):
    /// the Playground's invoke API only accepts the chat's own member, so her invoke goes through its custom-activity API.
    /// </summary>
    private async Task SaveAsMeganAsync(string chat, string cardMessageId, Session session, JsonObject inputs)
    {
        var flow = e2e.Services.GetRequiredService<MeetingFlow>();
        var guide = flow.GuideOf(session)!;
        var card = await flow.SectionCardAsync(session, guide, session.CurrentSectionIndex, SectionFeedback.None, default);
        var data = ActionData(card, "session.answer");
        foreach (var (key, value) in inputs) data[key] = value?.DeepClone();
        var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
        var activity = await e2e.Client.GetCustomActivityTemplateAsync(chat, "install");
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity.Remove("action");
        activity.Remove("membersAdded");
        activity["id"] = Guid.NewGuid().ToString();
        activity["replyToId"] = cardMessageId;
        activity["from"] = new JsonObject { ["id"] = megan.Id, ["name"] = megan.Name, ["aadObjectId"] = megan.AadObjectId };
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Guardar respuestas", ["verb"] = "session.answer", ["data"] = data },
            ["trigger"] = "manual",
        };
        await e2e.Client.SendCustomActivityAsync(activity);
    }

    private static JsonObject ActionData(JsonObject card, string verb)
    {
        static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
        {
            JsonObject o => (o["type"]?.GetValue<string>() == "Action.Execute" ? [o] : Enumerable.Empty<JsonObject>())
                .Concat(o.Where(p => p.Key != "fallback").SelectMany(p => Actions(p.Value))),
            JsonArray a => a.SelectMany(Actions),
            _ => [],
        };
        return Actions(card).First(a => a["verb"]?.GetValue<string>() == verb)["data"]!.DeepClone().AsObject();
    }
}
