using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bitacora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.E2E.Tests.Infrastructure;

/// <summary>
/// A throwaway bot on Kestrel loopback that proves the Playground fixtures without the real bot: it answers through
/// the Playground's connector (POST {serviceUrl}/v3/conversations/{id}/activities/{replyTo}), as any bot must.
/// "tarjeta" → a card with Action.Submit and Action.Execute; "actualiza" → a message, then a PUT of it;
/// a card submit → "recibido: {value}"; adaptiveCard/action → a card, synchronously; anything else → "eco: text".
/// </summary>
public sealed class EchoBot : IAsyncDisposable
{
    public const string CardTitle = "Tarjeta de prueba";

    private readonly WebApplication _app;
    private readonly HttpClient _connector = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CollectingLoggerProvider _log = new();

    /// <summary>Every activity the bot received, in order.</summary>
    public ConcurrentQueue<JsonObject> Inbound { get; } = new();

    /// <summary>Failures of the bot's own outbound calls (none expected).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    private EchoBot()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(_log);
        _app = builder.Build();
        _app.MapPost("/api/messages", HandleAsync);
    }

    public static async Task<EchoBot> StartAsync()
    {
        var bot = new EchoBot();
        await bot._app.StartAsync();
        var address = bot._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        bot.Endpoint = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/api/messages");
        return bot;
    }

    public string Diagnostics() =>
        $"Echo bot at {Endpoint}; inbound: {Inbound.Count}; errors:\n{string.Join('\n', Errors)}\nlog:\n{_log.Text}";

    /// <summary>Waits (bounded) until the bot has received a matching activity.</summary>
    public async Task<JsonObject> WaitForInboundAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var match = Inbound.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The echo bot did not receive the expected activity. Received:\n" +
                                   string.Join('\n', Inbound.Select(a => a.ToJsonString())));
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        if (await JsonNode.ParseAsync(request.Body) is not JsonObject activity)
        {
            return Results.BadRequest("an activity object is required");
        }
        Inbound.Enqueue(activity);
        var type = activity["type"]?.GetValue<string>();
        if (type == "invoke" && activity["name"]?.GetValue<string>() == "adaptiveCard/action")
        {
            var action = activity["value"]?["action"];
            var card = Card($"Hecho: {action?["verb"]} {action?["data"]?.ToJsonString()}");
            return Results.Json(new JsonObject
            {
                ["statusCode"] = 200,
                ["type"] = "application/vnd.microsoft.card.adaptive",
                ["value"] = card,
            });
        }
        if (type == "invoke")
        {
            return Results.StatusCode(501);
        }
        _ = Task.Run(() => ReplyAsync(activity));
        return Results.Ok();
    }

    private async Task ReplyAsync(JsonObject activity)
    {
        try
        {
            var type = activity["type"]?.GetValue<string>();
            var text = StripMentions(activity["text"]?.GetValue<string>() ?? "");
            if (type == "installationUpdate")
            {
                await SendAsync(activity, Message($"instalado en {activity["conversation"]?["conversationType"]}"));
            }
            else if (type != "message")
            {
                return;
            }
            else if (activity["value"] is JsonNode value)
            {
                await SendAsync(activity, Message("recibido: " + value.ToJsonString()));
            }
            else if (text == "tarjeta")
            {
                await SendAsync(activity, new JsonObject
                {
                    ["type"] = "message",
                    ["attachments"] = new JsonArray(new JsonObject
                    {
                        ["contentType"] = "application/vnd.microsoft.card.adaptive",
                        ["content"] = Card(CardTitle),
                    }),
                });
            }
            else if (text == "actualiza")
            {
                var id = await SendAsync(activity, Message("versión 1"));
                var update = Message("versión 2");
                update["id"] = id;
                await CallConnectorAsync(HttpMethod.Put, activity, $"activities/{Uri.EscapeDataString(id)}", update);
            }
            else
            {
                await SendAsync(activity, Message("eco: " + text));
            }
        }
        catch (Exception e)
        {
            Errors.Enqueue(e.ToString());
        }
    }

    private static string StripMentions(string text)
    {
        while (text.IndexOf("<at>", StringComparison.OrdinalIgnoreCase) is var start and >= 0 &&
               text.IndexOf("</at>", start, StringComparison.OrdinalIgnoreCase) is var end and >= 0)
        {
            text = text.Remove(start, end + 5 - start);
        }
        return text.Trim();
    }

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    private static JsonObject Card(string title) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["wrap"] = true },
            new JsonObject { ["type"] = "Input.Text", ["id"] = "nota", ["placeholder"] = "Escribe una nota" }),
        ["actions"] = new JsonArray(
            new JsonObject { ["type"] = "Action.Submit", ["title"] = "Enviar", ["data"] = new JsonObject { ["accion"] = "enviar" } },
            new JsonObject { ["type"] = "Action.Execute", ["title"] = "Ejecutar", ["verb"] = "ejecutar", ["data"] = new JsonObject { ["n"] = 1 } }),
    };

    private async Task<string> SendAsync(JsonObject inbound, JsonObject reply)
    {
        reply["from"] = inbound["recipient"]?.DeepClone();
        reply["recipient"] = inbound["from"]?.DeepClone();
        reply["conversation"] = inbound["conversation"]?.DeepClone();
        reply["replyToId"] = inbound["id"]?.DeepClone();
        var response = await CallConnectorAsync(HttpMethod.Post, inbound,
            $"activities/{Uri.EscapeDataString(inbound["id"]?.GetValue<string>() ?? "")}", reply);
        return response?["id"]?.GetValue<string>() ?? "";
    }

    private async Task<JsonNode?> CallConnectorAsync(HttpMethod method, JsonObject inbound, string path, JsonObject body)
    {
        // The Playground's serviceUrl has no trailing slash; real Teams' has one.
        var serviceUrl = (inbound["serviceUrl"]?.GetValue<string>() ?? "").TrimEnd('/');
        var conversationId = Uri.EscapeDataString(inbound["conversation"]?["id"]?.GetValue<string>() ?? "");
        using var request = new HttpRequestMessage(method, $"{serviceUrl}/v3/conversations/{conversationId}/{path}")
        {
            Content = JsonContent.Create(body),
        };
        using var response = await _connector.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {request.RequestUri} → {(int)response.StatusCode}: {text}");
        }
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token);
        }
        await _app.DisposeAsync();
        _connector.Dispose();
    }
}
