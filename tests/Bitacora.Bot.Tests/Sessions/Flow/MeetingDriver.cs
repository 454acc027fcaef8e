using System.Text.Json.Nodes;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Drives the meeting flow through the real pipeline as Teams would: types commands, clicks the buttons of the last
/// card it received (taking the action data from the card itself, as the client does) with the inputs a person fills.
/// </summary>
internal sealed class MeetingDriver(BotPipeline bot, Conversation conversation, string cardActivityId = "card-1")
{
    public static readonly Dictionary<string, string?> SeededRegistry = new() { ["Registry:SeedSamples"] = "true" };

    public BotPipeline Bot => bot;
    public Conversation Conversation => conversation;
    public string CardActivityId => cardActivityId;

    /// <summary>The last card the driver saw (posted by the bot or returned by an invoke).</summary>
    public JsonObject Card { get; set; } = new();

    public static string Text(JsonNode? node) => node?.ToJsonString(Hosting.Json.Unescaped) ?? "";

    /// <summary>Types <paramref name="text"/> and waits for the card it makes the bot post (whose JSON contains <paramref name="marker"/>).</summary>
    public async Task<JsonObject> TypeAsync(string text, string marker, string userId = "29:user-1", string userName = "Alex Wilber")
    {
        var seen = bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        await bot.PostAsync(bot.Message(conversation, text, userId, userName));
        var call = await bot.Connector.WaitForAsync(c => !seen.Contains(c) && c.Card is { } card && Text(card).Contains(marker));
        return Card = call.Card!;
    }

    /// <summary>What «Comenzar» sends for a new session: a DEP guide in the unit the seeded registry gives adviser 16-1.</summary>
    public static JsonObject NewSession() => new()
    {
        ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
    };

    /// <summary>«iniciar sesión», then «Comenzar» with <see cref="NewSession"/>: <see cref="Card"/> is the first section.</summary>
    public async Task StartSessionAsync()
    {
        await TypeAsync("iniciar sesión", "Nueva sesión");
        await ClickAsync("session.create", NewSession());
    }

    /// <summary>Clicks the first Action.Execute of <see cref="Card"/> with <paramref name="verb"/> (and title, if given).</summary>
    public async Task<JsonObject> ClickAsync(string verb, JsonObject? inputs = null, string? title = null,
        string userId = "29:user-1", string userName = "Alex Wilber", Conversation? from = null, JsonObject? card = null)
    {
        var response = await bot.InvokeAsync(Click(verb, inputs, title, userId, userName, from, card));
        if (response["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            Card = response["value"]!.AsObject();
        }
        return response;
    }

    /// <summary>The invoke a click on <see cref="Card"/> (or <paramref name="card"/>) sends, not sent yet (e.g. to deliver
    /// it twice, as Teams redelivers).</summary>
    public JsonObject Click(string verb, JsonObject? inputs = null, string? title = null,
        string userId = "29:user-1", string userName = "Alex Wilber", Conversation? from = null, JsonObject? card = null)
    {
        var data = ActionData(card ?? Card, verb, title);
        foreach (var (key, value) in inputs ?? [])
        {
            data[key] = value?.DeepClone();
        }
        return bot.Execute(from ?? conversation, verb, data, cardActivityId, userId, userName);
    }

    /// <summary>«Finalizar» then «Sí, finalizar» on the confirmation it shows (only to the person who clicked).</summary>
    public async Task<JsonObject> FinishAsync(JsonObject? inputs = null, string userId = "29:user-1", string userName = "Alex Wilber")
    {
        await ClickAsync("session.finish", inputs, userId: userId, userName: userName);
        if (!Text(Card).Contains("¿Finalizar la sesión", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("«Finalizar» did not ask for confirmation: " + Text(Card));
        }
        return await ClickAsync("session.finish", title: "Sí, finalizar", userId: userId, userName: userName);
    }

    public static JsonObject ActionData(JsonObject card, string verb, string? title = null)
    {
        var action = Actions(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb
                                                       && (title is null || a["title"]?.GetValue<string>() == title))
                     ?? throw new InvalidOperationException($"No action {verb} {title} on the card: {Text(card)}");
        return action["data"]!.AsObject().DeepClone().AsObject();
    }

    public static IEnumerable<JsonObject> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "Action.Execute") yield return o;
                foreach (var (key, child) in o)
                {
                    if (key == "fallback") continue;
                    foreach (var a in Actions(child)) yield return a;
                }
                break;
            case JsonArray arr:
                foreach (var child in arr)
                {
                    foreach (var a in Actions(child)) yield return a;
                }
                break;
        }
    }

    /// <summary>Every input of the card, by id (to check what the card pre-fills).</summary>
    public static Dictionary<string, JsonObject> Inputs(JsonNode? node)
    {
        var found = new Dictionary<string, JsonObject>();
        void Visit(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if (o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true && o["id"] is { } id)
                    {
                        found[id.GetValue<string>()] = o;
                    }
                    foreach (var (_, child) in o) Visit(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Visit(child);
                    break;
            }
        }
        Visit(node);
        return found;
    }

    public static string? InputValue(JsonObject card, string id) =>
        Inputs(card).TryGetValue(id, out var input) ? input["value"]?.ToString() : null;
}
