using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Commitments;

/// <summary>
/// Commitments as an adviser lives them in the Agents Playground UI (headless Chromium, real bot): a finished session
/// of the unit answered «No» to a question; «Nuevo compromiso» next to that answer opens the form linked to it, which
/// is filled and sent in the UI; «mis compromisos» lists it; «Cumplido» closes it with evidence text and a link.
/// Screenshots of each step go to .artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class CommitmentBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string Unit = "junji:16101001";
    private const string Guide = "dep-ejecucion-evaluacion";
    private const string Question = "ej-cond-claridad-que-hacer";

    [Fact]
    public async Task A_commitment_made_from_a_No_answer_is_listed_in_mis_compromisos_and_closed_with_evidence()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var alex = e2e.Config.CurrentUser;
        var participant = new Participant(alex.AadObjectId ?? alex.Id, alex.Name);
        var today = e2e.Services.GetRequiredService<ChileTime>().Today;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        var guide = e2e.Services.GetRequiredService<GuideCatalog>().Find(Guide)!;
        // A finished session of the unit (in its own conversation) whose «¿Lo que deben hacer?» was answered «No».
        var session = await sessions.StartAsync(new StartSession(SessionScope.Unit(Unit, "Jardín Infantil"), Guide, guide.Version,
            SessionPeriods.ForDate(today), today, "Revisar la ejecución", null, participant, "19:e2e-commitments@thread.v2"));
        await e2e.Services.GetRequiredService<AnswerRepository>().SaveAsync(
            new SaveAnswer(session.Id, Question, new ClosedAnswer(ClosedOptions.No), null, participant, guide.Version));
        await sessions.FinishAsync(session.Id, null);
        var what = "Revisar con cada actor el Plan de Apoyo " + Guid.NewGuid().ToString("N")[..6];

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            // The summary's «Nuevo compromiso» next to the «No» (its data as the summary card carries it).
            var summary = await e2e.Services.GetRequiredService<MeetingFlow>().SummaryCardAsync(session, guide, null, default);
            var button = Find(summary, "commitment.new").Single(a => a["data"]?["questionId"]?.GetValue<string>() == Question);
            var anchor = await e2e.Client.SendMessageAsync(chat, "ayuda");
            await e2e.Client.InvokeAdaptiveCardActionAsync(chat, anchor.MessageId, "commitment.new", button["data"]!.DeepClone(), "Nuevo compromiso");

            card = browser.Cards("Surge de la pregunta").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("respuesta: No");
            await PlaygroundBrowser.FillAsync(card, "¿Qué se compromete?", what);
            // The responsible list holds the chat's members (and the unit's directive team): the first one is taken.
            await PlaygroundBrowser.ComboBox(card, "Responsable").ClickAsync();
            var responsible = browser.Page.GetByRole(AriaRole.Option).First;
            var responsibleName = (await responsible.InnerTextAsync()).Trim();
            await responsible.ClickAsync();
            var date = card.GetByPlaceholder("Select a date...").First;
            await date.FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await date.PressAsync("Enter");
            await browser.Page.Keyboard.PressAsync("Escape"); // closes the calendar popup, which covers the button
            await browser.ScreenshotAsync(card, "bitacora-commitment-from-no-form");
            await PlaygroundBrowser.ClickButtonAsync(card, "Registrar compromiso");

            card = browser.Cards("Compromiso registrado").Filter(new() { HasText = what }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Surge de la pregunta");
            await browser.ScreenshotAsync(card, "bitacora-commitment-from-no-created");

            await browser.SendMessageAsync("mis compromisos");
            card = browser.Cards("Mis compromisos").Filter(new() { HasText = what }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync(card, "bitacora-commitment-mine");
            var item = card.Locator(".ac-container").Filter(new() { HasText = what })
                .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Button, new() { Name = "Ver y responder" }) }).Last;
            await PlaygroundBrowser.ClickButtonAsync(item, "Ver y responder");

            card = browser.Cards("Medio de verificación").Filter(new() { HasText = what }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ClickButtonAsync(card, "Cumplido");
            await PlaygroundBrowser.FillAsync(card, "Evidencia", "Acta del consejo firmada por el equipo directivo");
            await PlaygroundBrowser.FillAsync(card, "Enlace a la evidencia", "https://contoso.sharepoint.com/sites/jardin/acta.pdf");
            await browser.ScreenshotAsync(card, "bitacora-commitment-done-evidence");
            await PlaygroundBrowser.ClickButtonAsync(card, "Marcar como cumplido");

            card = browser.Cards("Compromiso cumplido").Filter(new() { HasText = what }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Acta del consejo firmada");
            await browser.ScreenshotAsync(card, "bitacora-commitment-done");

            var stored = (await e2e.Services.GetRequiredService<CommitmentStore>().ListBySessionAsync(session.Id, default)).Single(c => c.What == what);
            var commitment = (await e2e.Services.GetRequiredService<CommitmentService>().GetAsync(stored.Id, default))!;
            Assert.Equal((CommitmentStatus.Cumplido, Question, "No"), (commitment.Status, commitment.Source?.QuestionId, commitment.Source?.Answer));
            Assert.Equal("https://contoso.sharepoint.com/sites/jardin/acta.pdf", commitment.Evidence?.Link);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-commitment-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-commitment-FAILED-card");
            }
            throw;
        }
    }

    private static IEnumerable<JsonObject> Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"] is JsonValue v && v.GetValue<string>() == verb && o["type"]?.GetValue<string>() == "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => Find(p.Value, verb)),
        JsonArray a => a.SelectMany(n => Find(n, verb)),
        _ => [],
    };
}
