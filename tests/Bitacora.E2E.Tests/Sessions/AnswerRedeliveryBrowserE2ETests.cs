using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// Teams delivers a click again when the first delivery looked lost (same activity id). The Playground always sends a
/// new id, so the redelivery goes to the bot's endpoint as Teams would send it: the activity the Playground sent,
/// with the same id, twice. The session is started in the Playground; each adviser's card is the real bot's section
/// card in the official Adaptive Cards renderer, and their clicks' data come from it. Alex saves an answer and a note
/// at their maximum length; Megan saves another question from her page before Teams delivers Alex's click again; the
/// second delivery's card is what Alex sees.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class AnswerRedeliveryBrowserE2ETests(BotHostFixture e2e)
{
    private const string AlexLabel = GroupMeeting.FirstQuestion;
    private const string AlexNoteLabel = "Nota sobre la pregunta 1 (opcional)";
    private const string MeganLabel = GroupMeeting.EighthQuestion;
    private const string MeganText = "Cada jefa de sala entrega un reporte quincenal con las evidencias a la directora.";
    private static readonly string AlexText = Fill("La directora, la jefa técnica y las educadoras de cada nivel, con apoyo de las familias. ", AnswerRules.MaxTextLength);
    private static readonly string AlexNote = Fill("Se acordó revisarlo en la próxima comunidad. ", AnswerRules.MaxNoteLength);

    /// <summary><paramref name="sentence"/> repeated to exactly <paramref name="length"/> characters (no trailing space).</summary>
    private static string Fill(string sentence, int length)
    {
        var text = string.Concat(Enumerable.Repeat(sentence, length / sentence.Length + 1))[..length];
        return text.EndsWith(' ') ? text[..^1] + "." : text;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PlaygroundClient Playground => e2e.Client;

    [Fact]
    public async Task A_click_Teams_delivers_twice_saves_once_and_the_second_card_says_it_is_saved()
    {
        var group = e2e.Config.GroupChat.Id;
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        CardHarnessPage? alex = null, meganPage = null;
        try
        {
            var (start, created) = await GroupMeeting.StartAsync(e2e);
            var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
            alex = await CardHarnessPage.OpenAsync(browser.Page, e2e.Config.CurrentUser.Name, created.Value!.AsObject());
            meganPage = await CardHarnessPage.OpenAsync(await browser.Page.Context.NewPageAsync(), megan.Name, created.Value!.AsObject());

            await alex.Input(AlexLabel).FillAsync(AlexText);
            await alex.Input(AlexNoteLabel).FillAsync(AlexNote);
            var (verb, _, data) = await alex.ClickAsync("Guardar respuestas");
            var click = await InvokeActivityAsync(group, start.MessageId, verb, data);
            var first = await DeliverAsync(click);
            Assert.Contains("Guardé 1 respuesta.", first.ToJsonString(Unescaped), StringComparison.Ordinal);

            // Megan saves her question from her own page; then Teams delivers Alex's click again (same activity, same id).
            await meganPage.Input(MeganLabel).FillAsync(MeganText);
            var (meganVerb, meganTitle, meganData) = await meganPage.ClickAsync("Guardar respuestas");
            var meganSaved = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, meganVerb, meganData, meganTitle, fromUserId: megan.Id);
            Assert.True(meganSaved.IsCard, meganSaved.AllText);
            var second = await DeliverAsync(click);

            await alex.RenderAsync(second);
            Assert.True(await alex.Page.GetByText("Estas respuestas ya quedaron guardadas.").First.IsVisibleAsync(), "the notice is on the card");
            Assert.Equal(AlexText, await alex.Input(AlexLabel).InputValueAsync()); // his answer and note, whole
            Assert.Equal(AlexNote, await alex.Input(AlexNoteLabel).InputValueAsync());
            Assert.Equal(MeganText, await alex.Input(MeganLabel).InputValueAsync()); // Megan's save, in the meantime
            Assert.Contains("Avance: 2 de 33", await alex.Page.Locator("#card").InnerTextAsync(), StringComparison.Ordinal);
            await alex.ScreenshotAsync("bitacora-answer-redelivered");

            var session = (await sessions.GetCurrentForConversationAsync(group))!;
            var answer = await e2e.Services.GetRequiredService<AnswerRepository>().GetAsync(session.Id, "ej-cond-actores-involucrados");
            Assert.Equal(new TextAnswer(AlexText), answer!.Value);
            Assert.Equal(AlexNote, answer.Note);
            Assert.Equal(1, answer.Revision);
            Assert.Equal(new TextAnswer(MeganText), (await e2e.Services.GetRequiredService<AnswerRepository>().GetAsync(session.Id, "ej-cond-reportes-parciales"))!.Value);
        }
        catch
        {
            if (alex is not null) await alex.ScreenshotAsync("bitacora-answer-redelivered-FAILED");
            if (meganPage is not null) await meganPage.ScreenshotAsync("bitacora-answer-redelivered-megan-FAILED");
            throw;
        }
        finally
        {
            await GroupMeeting.FinishAsync(e2e);
        }
    }

    /// <summary>An adaptiveCard/action invoke as the Playground sends it for this conversation (its service URL,
    /// channel, tenant and user, as the bot stored them), with a fixed id.</summary>
    private async Task<JsonObject> InvokeActivityAsync(string conversationId, string cardMessageId, string verb, JsonObject data)
    {
        var address = await e2e.Services.GetRequiredService<ConversationReferenceStore>().GetConversationAsync(conversationId, CancellationToken.None)
                      ?? throw new InvalidOperationException("The bot has no address for " + conversationId);
        var user = e2e.Config.CurrentUser;
        return new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "redelivered-" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = address.ChannelId,
            ["serviceUrl"] = address.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = address.BotId, ["name"] = address.BotName },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversationId, ["conversationType"] = address.ConversationType, ["isGroup"] = address.IsGroup, ["tenantId"] = address.TenantId,
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = address.TenantId }, ["source"] = new JsonObject { ["name"] = "message" } },
            ["replyToId"] = cardMessageId,
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Guardar respuestas", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            },
        };
    }

    /// <summary>Posts the activity to the bot's endpoint and returns the card of its invoke response.</summary>
    private async Task<JsonObject> DeliverAsync(JsonObject activity)
    {
        using var client = e2e.CreateBotClient();
        using var response = await client.PostAsJsonAsync("api/messages", activity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["value"]!.AsObject();
    }
}
