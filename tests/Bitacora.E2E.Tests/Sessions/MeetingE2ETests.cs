using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// Issue 5 in the Agents Playground: a group starts a session, answers the first card, and everyone's card updates
/// (updateMessage over the Playground's WebSocket). The registry holds the samples (Development seeds them).
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class MeetingE2ETests(BotHostFixture e2e)
{
    private PlaygroundClient Playground => e2e.Client;

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task Start_a_session_answer_the_first_card_and_everyone_sees_the_progress_in_the_status_message()
    {
        var group = e2e.Config.GroupChat.Id;

        await Playground.SendMessageAsync(group, "iniciar sesión", mentionBot: true);
        var start = await Playground.WaitForMessageInAsync(group, m => m.Contains("Nueva sesión"));
        var startCard = start.AdaptiveCards[0];
        Assert.Contains("unit:junji:16101001", startCard.ToJsonString());

        var create = ActionData(startCard, "session.create");
        create["guideId"] = "dep-ejecucion-evaluacion";
        create["scopeId"] = "unit:junji:16101001";
        create["date"] = "";
        create["objective"] = "Revisar las condiciones de la ejecución";
        create["strategy"] = "Conversatorio";
        var created = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, "session.create", create, "Comenzar");
        Assert.True(created.IsCard, created.AllText);
        Assert.Contains("Sección 1 de 6", created.AllText);
        await Playground.WaitForUpdateAsync(start.MessageId, m => m.Contains("Sección 1 de 6"));
        // The small status message everyone sees change while people answer.
        var status = await Playground.WaitForMessageInAsync(group, m => m.Contains("Estado de la sesión"));

        var answer = ActionData((JsonObject)created.Value!, "session.answer");
        answer["q.ej-cond-claridad-que-hacer"] = "no";
        var answered = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, "session.answer", answer, "Guardar respuestas");
        Assert.True(answered.IsCard, answered.AllText);
        Assert.Contains("Avance: 1 de 33", answered.AllText);
        Assert.Contains("Respondió", answered.AllText);
        Assert.Contains("Sugerencia:", answered.AllText);
        // Everyone else: the status message is updated in place; the question card others may be typing in is not.
        var update = await Playground.WaitForUpdateAsync(status.MessageId, m => m.Contains("Avance: 1 de 33"));
        Assert.Contains("Respondieron: ", update.AllText);
        Assert.DoesNotContain(Playground.Received.Skip(Playground.Checkpoint), m => m.IsUpdate && m.MessageId == start.MessageId);

        // Leave the conversation clean for other tests: finish the session (summary card).
        var finish = ActionData((JsonObject)answered.Value!, "session.finish");
        var ask = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, "session.finish", finish, "Finalizar");
        Assert.Contains("¿Finalizar la sesión", ask.AllText);
        var confirm = ActionData((JsonObject)ask.Value!, "session.finish");
        var summary = await Playground.InvokeAdaptiveCardActionAsync(group, start.MessageId, "session.finish", confirm, "Sí, finalizar");
        Assert.Contains("Resumen", summary.AllText);
        Assert.Null(await e2e.Services.GetRequiredService<SessionRepository>().GetCurrentForConversationAsync(group));
    }

    /// <summary>The data of the card's Action.Execute with <paramref name="verb"/>, as the client would send it.</summary>
    private static JsonObject ActionData(JsonObject card, string verb)
    {
        static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
        {
            JsonObject o => (o["type"]?.GetValue<string>() == "Action.Execute" ? [o] : Enumerable.Empty<JsonObject>())
                .Concat(o.Where(p => p.Key != "fallback").SelectMany(p => Actions(p.Value))),
            JsonArray a => a.SelectMany(Actions),
            _ => [],
        };
        var action = Actions(card).First(a => a["verb"]?.GetValue<string>() == verb);
        return action["data"]!.DeepClone().AsObject();
    }
}
