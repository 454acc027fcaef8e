using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// A DEP meeting in the Playground's group chat, started as Alex (user-id-0) does: «iniciar sesión» with an @mention,
/// then the start card's «Comenzar» for unit 16101001 with its own action data. A session a previous test left running
/// there is finished first; <see cref="FinishAsync"/> finishes this one.
/// </summary>
internal static class GroupMeeting
{
    /// <summary>The first and eighth questions of «Condiciones» (DEP, Ejecución), as the card labels them.</summary>
    public const string FirstQuestion = "¿Qué actores del EE están involucrados";
    public const string EighthQuestion = "¿Cómo obtendrá los reportes parciales de la etapa?";

    public static async Task<(BotMessage Start, InvokeResponse Created)> StartAsync(BotHostFixture e2e)
    {
        var group = e2e.Config.GroupChat.Id;
        await FinishAsync(e2e);
        await e2e.Client.SendMessageAsync(group, "iniciar sesión", mentionBot: true);
        var start = await e2e.Client.WaitForMessageInAsync(group, m => m.Contains("Nueva sesión"));
        var create = ActionData(start.AdaptiveCards[0], "session.create");
        create["guideId"] = "dep-ejecucion-evaluacion";
        create["scopeId"] = "unit:junji:16101001";
        create["date"] = "";
        create["objective"] = "Revisar las condiciones de la ejecución";
        create["strategy"] = "Conversatorio";
        var created = await e2e.Client.InvokeAdaptiveCardActionAsync(group, start.MessageId, "session.create", create, "Comenzar");
        Xunit.Assert.True(created.IsCard, created.AllText);
        return (start, created);
    }

    /// <summary>Finishes the group chat's running session, if any.</summary>
    public static async Task FinishAsync(BotHostFixture e2e)
    {
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        if (await sessions.GetCurrentForConversationAsync(e2e.Config.GroupChat.Id) is { } running) await sessions.FinishAsync(running.Id, expectedVersion: null);
    }

    /// <summary>A copy of the data of <paramref name="card"/>'s Action.Execute with <paramref name="verb"/> (fallbacks skipped).</summary>
    public static JsonObject ActionData(JsonObject card, string verb)
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
