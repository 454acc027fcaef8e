using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// Issue 11, item 2, as people live it: in the Playground's group chat, Alex (the browser, user-id-0) types an answer
/// without saving; meanwhile Megan (user-id-1, through the Playground's custom-activity API) saves another question.
/// Alex's text is still in his card, the status message shows Megan's save, and Alex's save then stores his text.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class TwoAdvisersBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string AlexText = "Directora, jefa técnica y las tres educadoras de sala cuna";
    private PlaygroundClient Playground => e2e.Client;

    [Fact(Skip = "Cannot be shown in Agents Playground 0.2.28: its web UI re-renders every card of the chat from its stored copies whenever any message is created or updated, so Alex's unsaved text is emptied by Megan's status-message update although the bot never touches Alex's card; it has no Action.Execute refresh / user-specific views either. Proven against the real pipeline by SharedViewTests.Typing_survives_another_advisers_save_and_the_typists_save_then_stores_both and in Chromium with the real Adaptive Cards renderer by TypingWithRealRendererE2ETests (see PLAYGROUND-NOTES.md)")]
    public async Task Typing_survives_another_advisers_save_and_is_then_saved()
    {
        var group = e2e.Config.GroupChat.Id;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            await browser.SelectChatAsync("Group Chat");

            // The session is started through the API (a group chat needs an @mention to reach the bot).
            var (start, created) = await GroupMeeting.StartAsync(e2e);
            await Playground.WaitForMessageInAsync(group, m => m.Contains("Estado de la sesión"));

            card = browser.Cards("Ir a la sección").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });

            // Alex starts typing, without saving.
            var alexInput = card.GetByLabel(GroupMeeting.FirstQuestion).First;
            await alexInput.FillAsync(AlexText);

            // Megan saves another question of the same card.
            var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
            var save = GroupMeeting.ActionData((JsonObject)created.Value!, "session.answer");
            save["q.ej-cond-claridad-que-hacer"] = "no";
            await Playground.SendCustomActivityAsync(await MeganInvokeAsync(group, start.MessageId, megan, save));

            // Everyone sees Megan's save in the status message…
            var status = browser.Cards("Estado de la sesión").Last;
            await Assertions.Expect(status).ToContainTextAsync("Megan Bowen guardó 1 respuesta", new() { Timeout = Wait });
            await Assertions.Expect(status).ToContainTextAsync("Avance: 1 de 33");
            await browser.ScreenshotAsync(status, "bitacora-status-message");
            // …while the question card Alex is typing in is not replaced: the bot never updated that message.
            Assert.DoesNotContain(Playground.Received.Skip(Playground.Checkpoint), m => m.IsUpdate && m.MessageId == start.MessageId);
            await Assertions.Expect(card).ToContainTextAsync("Avance: 0 de 33");
            // The Playground's web UI re-renders every card of the chat whenever any message arrives or changes (see
            // PLAYGROUND-NOTES.md), which empties inputs in the browser; Teams keeps them. Alex's card is still the one
            // he had (Megan's question blank on it), so he types again what the Playground dropped.
            if (await alexInput.InputValueAsync() != AlexText) await alexInput.FillAsync(AlexText);

            // Alex saves: his text is stored, Megan's answer stays, his card shows both.
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar respuestas");
            var saved = browser.Cards("Ir a la sección").Filter(new() { HasText = "Avance: 2 de 33" }).Last;
            await Assertions.Expect(saved).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(saved).ToContainTextAsync("Respondió Megan Bowen");
            await Assertions.Expect(saved).ToContainTextAsync("Etapa de Ejecución · Condiciones (1 de 3)");
            await browser.ScreenshotAsync(saved, "bitacora-section-card");

            var session = (await sessions.GetCurrentForConversationAsync(group))!;
            var answers = e2e.Services.GetRequiredService<AnswerRepository>();
            Assert.Equal(new TextAnswer(AlexText), (await answers.GetAsync(session.Id, "ej-cond-actores-involucrados"))!.Value);
            Assert.Equal(new ClosedAnswer("no"), (await answers.GetAsync(session.Id, "ej-cond-claridad-que-hacer"))!.Value);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-two-advisers-FAILED");
            if (card is not null) await browser.DumpHtmlAsync(card, "bitacora-two-advisers-FAILED-card");
            throw;
        }
        finally
        {
            await GroupMeeting.FinishAsync(e2e);
        }
    }

    /// <summary>Megan's click on «Guardar respuestas», shaped from the Playground's own activity template.</summary>
    private async Task<JsonObject> MeganInvokeAsync(string group, string cardMessageId, PlaygroundAccount megan, JsonObject data)
    {
        var activity = await Playground.GetCustomActivityTemplateAsync(group, "install");
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
        };
        return activity;
    }
}
