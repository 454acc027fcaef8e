using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// Issue 11, item 2, in Chromium as two people would see it, without the Playground web UI's redraw-everything bug
/// (PLAYGROUND-NOTES.md): each adviser has a page rendering the real bot's section card with the official Adaptive
/// Cards renderer. Alex types a long answer without saving; Megan types another question and presses «Guardar
/// respuestas» (her click's data, from the renderer, goes to the bot as her adaptiveCard/action invoke). Every card the
/// bot then sends for the section card's message is applied to each page — a PUT of that card would re-render Alex's
/// page and drop his text, which is what this test catches. Alex's text survives; his save stores it next to hers.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class TypingWithRealRendererE2ETests(BotHostFixture e2e)
{
    private const string SaveTitle = "Guardar respuestas";
    private const string AlexLabel = GroupMeeting.FirstQuestion;
    private const string MeganLabel = GroupMeeting.EighthQuestion;
    private const string MeganText = "Cada jefa de sala entrega un reporte quincenal con las evidencias a la directora.";
    private static readonly string AlexText = string.Join(' ', Enumerable.Repeat(
        "Directora, jefa técnica, las tres educadoras de sala cuna y las técnicas en párvulos de cada nivel, con apoyo de la familia.", 12));

    private PlaygroundClient Playground => e2e.Client;

    [Fact]
    public async Task Alex_keeps_his_unsaved_text_when_Megan_saves_and_then_saves_it_without_a_false_conflict()
    {
        var group = e2e.Config.GroupChat.Id;
        var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        CardHarnessPage? alex = null, meganPage = null;
        try
        {
            // Alex (user-id-0) starts the session; the section card replaces the start card (message start.MessageId).
            var (start, created) = await GroupMeeting.StartAsync(e2e);
            await Playground.WaitForMessageInAsync(group, m => m.Contains("Estado de la sesión"));

            // Alex sees his invoke response; everyone else sees the last card the bot sent for that message.
            var everyone = Playground.Received.LastOrDefault(m => m.MessageId == start.MessageId && m.Contains("Ir a la sección"));
            alex = await CardHarnessPage.OpenAsync(browser.Page, e2e.Config.CurrentUser.Name, created.Value!.AsObject());
            meganPage = await CardHarnessPage.OpenAsync(await browser.Page.Context.NewPageAsync(), megan.Name,
                everyone?.AdaptiveCards[0] ?? created.Value!.AsObject());

            // Alex types a long answer and does not save.
            await alex.Input(AlexLabel).FillAsync(AlexText);

            // Megan types her question and saves from her own page.
            await meganPage.Input(MeganLabel).FillAsync(MeganText);
            var (verb, title, data) = await meganPage.ClickAsync(SaveTitle);
            Assert.Equal("session.answer", verb);
            var sinceMegan = Playground.Received.Count;
            var meganSaved = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, verb, data, title, fromUserId: megan.Id);
            Assert.True(meganSaved.IsCard, meganSaved.AllText);

            // Everyone sees her save in the status message (the bot's work for everyone is done)…
            await Playground.WaitForMessageAsync(m => m.IsIn(group) && m.Contains("Megan Bowen guardó 1 respuesta"), TimeSpan.FromSeconds(30));
            // …and every card the bot sent for the section card's message is applied: to both pages if it was a PUT for
            // everyone, and Megan's invoke response to Megan's page only.
            var sectionUpdates = Playground.Received.Skip(sinceMegan).Where(m => m.MessageId == start.MessageId && m.HasAdaptiveCard).ToList();
            foreach (var update in sectionUpdates)
            {
                await alex.RenderAsync(update.AdaptiveCards[0]);
                await meganPage.RenderAsync(update.AdaptiveCards[0]);
            }
            await meganPage.RenderAsync(meganSaved.Value!.AsObject());

            Assert.Equal(AlexText, await alex.Input(AlexLabel).InputValueAsync());
            Assert.Empty(sectionUpdates);
            Assert.Equal(MeganText, await meganPage.Input(MeganLabel).InputValueAsync());
            await alex.ScreenshotAsync("bitacora-typing-alex-after-megan-saved");
            await meganPage.ScreenshotAsync("bitacora-typing-megan-after-her-save");

            // Alex saves from his page (Megan's question is still blank on it): both answers kept, no conflict asked.
            (verb, title, data) = await alex.ClickAsync(SaveTitle);
            var alexSaved = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, verb, data, title);
            Assert.True(alexSaved.IsCard, alexSaved.AllText);
            Assert.DoesNotContain("Mientras escribías", alexSaved.AllText);
            await alex.RenderAsync(alexSaved.Value!.AsObject());
            Assert.Equal(AlexText, await alex.Input(AlexLabel).InputValueAsync());
            Assert.Equal(MeganText, await alex.Input(MeganLabel).InputValueAsync());
            await alex.ScreenshotAsync("bitacora-typing-alex-after-his-save");

            var session = (await sessions.GetCurrentForConversationAsync(group))!;
            var answers = e2e.Services.GetRequiredService<AnswerRepository>();
            Assert.Equal(new TextAnswer(AlexText), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
            Assert.Equal(new TextAnswer(MeganText), (await answers.GetAsync(session.Id, "ej-cond-reportes-parciales"))!.Value);
            // Shared updates run on background lanes: one for this card that arrived after the status message would
            // still have replaced Alex's card in Teams, so none may have come at all.
            Assert.DoesNotContain(Playground.Received.Skip(sinceMegan), m => m.IsUpdate && m.MessageId == start.MessageId);
        }
        catch
        {
            if (alex is not null) await alex.ScreenshotAsync("bitacora-typing-alex-FAILED");
            if (meganPage is not null) await meganPage.ScreenshotAsync("bitacora-typing-megan-FAILED");
            throw;
        }
        finally
        {
            await GroupMeeting.FinishAsync(e2e);
        }
    }
}
