using Bitacora.Bot.Logbook;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Logbook;

/// <summary>
/// Issue 13 as a territorial team does it, in the Agents Playground UI (headless Chromium) with the real bot: the first
/// JUNJI meeting of the period opens Registro N°1 and the period logbook (filled once), the record's projections are
/// written; the second meeting opens Registro N°2 showing N°1's projections.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class LogbookBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string GuideTitle = "Bitácora del equipo técnico territorial";

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task First_meeting_fills_the_logbook_and_record_one_and_the_second_meeting_starts_with_its_projections()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        Assert.Null(await sessions.GetCurrentForConversationAsync(chat));
        var period = SessionPeriods.ForDate(e2e.Services.GetRequiredService<ChileTime>().Today);
        var before = await e2e.Services.GetRequiredService<LogbookService>().GetAsync(new LogbookKey("junji-bitacora-ett", "16-1", period), default);
        var first = before?.NextRecord ?? 1;

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);

            // First meeting: the start card → Registro N°1 (date, objective, strategy from the form), first-meeting offer.
            card = await StartAsync(browser, "Planificar el periodo con el equipo");
            card = browser.Cards($"Registro Comunidad de Aprendizaje N°{first}").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Planificar el periodo con el equipo");
            await browser.ScreenshotAsync(card, "bitacora-logbook-record-1");

            // The period logbook: background prefilled from the registry.
            if (before?.FilledAt is null)
            {
                await Assertions.Expect(card).ToContainTextAsync("Primera reunión del periodo");
                await PlaygroundBrowser.ClickButtonAsync(card, "Completar la bitácora del periodo");
                card = browser.Cards("Paso 1 de 7").Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                await Assertions.Expect(card).ToContainTextAsync("Tomado del registro de territorios");
                await browser.ScreenshotAsync(card, "bitacora-logbook-period-card");
                await PlaygroundBrowser.ClickButtonAsync(card, "Bitácora del periodo lista");
                card = browser.Cards("marcada como completa").Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                await PlaygroundBrowser.ClickButtonAsync(card, $"Ir al Registro Comunidad de Aprendizaje N°{first}");
            }
            else
            {
                await PlaygroundBrowser.ClickButtonAsync(card, $"Abrir el registro N°{first}");
            }

            // Registro N°1: only the record; the team writes its projections.
            card = browser.Cards("Sección 1 de 1").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var projections = card.Locator(".ac-container")
                .Filter(new() { HasText = "Proyecciones con las UE" })
                .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Textbox) })
                .Last;
            await projections.GetByRole(AriaRole.Textbox).First.FillAsync("Visitar los jardines VTF con la pauta de juego");
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar respuestas");
            // The save also updates the status message, and the Playground UI re-renders every card when a message
            // changes (PLAYGROUND-NOTES.md): wait for that update before the next click, or the click can be lost.
            await Assertions.Expect(browser.Cards("Última vez").Last).ToContainTextAsync("guardó", new() { Timeout = Wait });
            card = browser.Cards("Respondió").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });

            // The meeting ends as a team ends it: «Finalizar» on the record's card → «Sí, finalizar» → the summary card.
            var running = await sessions.GetCurrentForConversationAsync(chat);
            Assert.Equal(first, running!.Number);
            await PlaygroundBrowser.ClickButtonAsync(card, "Finalizar");
            card = browser.Cards("¿Finalizar la sesión").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ClickButtonAsync(card, "Sí, finalizar");
            card = browser.Cards("Descargar registro (.docx)").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Descargar registro (.docx)");
            await browser.ScreenshotAsync(card, "bitacora-logbook-record-1-finished");
            Assert.Null(await sessions.GetCurrentForConversationAsync(chat));
            Assert.Equal(SessionStatus.Finished, (await sessions.GetAsync(running.Id))!.Status);

            // Second meeting: Registro N°2 starts with what N°1 projected; the background is not asked again.
            card = await StartAsync(browser, "Analizar las visitas a los jardines");
            card = browser.Cards($"Registro Comunidad de Aprendizaje N°{first + 1}").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync($"Viene del Registro N°{first}");
            await Assertions.Expect(card).ToContainTextAsync("Visitar los jardines VTF con la pauta de juego");
            await Assertions.Expect(card).Not.ToContainTextAsync("Primera reunión del periodo");
            var screenshot = await browser.ScreenshotAsync(card, "bitacora-logbook-record-2-carry-over");
            Assert.True(File.Exists(screenshot), screenshot);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-logbook-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-logbook-FAILED-card");
            }
            throw;
        }
        finally
        {
            if (await sessions.GetCurrentForConversationAsync(chat) is { } running)
            {
                await sessions.FinishAsync(running.Id, expectedVersion: null);
            }
        }
    }

    internal static async Task<ILocator> StartAsync(PlaygroundBrowser browser, string objective)
    {
        // Typed in the chat's composer: with a section card on screen, the page's first textbox is one of the card's; the composer comes last.
        var composer = browser.TextBox.Last;
        await composer.FillAsync("iniciar sesión");
        await composer.PressAsync("Enter");
        var card = browser.Cards("Nueva sesión de comunidad de aprendizaje").Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
        await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Guía"), GuideTitle);
        await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Territorio o unidad"), "Territorio 1 Diguillín");
        await PlaygroundBrowser.FillAsync(card, "Objetivo de la sesión", objective);
        await PlaygroundBrowser.ClickButtonAsync(card, "Comenzar");
        return card;
    }
}
