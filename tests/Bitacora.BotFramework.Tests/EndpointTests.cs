using System.Net;
using System.Text.Json.Nodes;
using Bitacora.BotFramework.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.BotFramework.Tests;

public class EndpointTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private BotTestHost _host = null!;
    private RecordingBot Bot => (RecordingBot)_host.Services.GetRequiredService<IBot>();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = await BotTestHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private string Message(string text, string conversationType = "personal") => new JsonObject
    {
        ["type"] = "message",
        ["id"] = "m-1",
        ["channelId"] = "msteams",
        ["serviceUrl"] = _connector.BaseUrl + "/_connector",
        ["from"] = new JsonObject { ["id"] = "user-id-0", ["name"] = "Camila" },
        ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "Bitácora" },
        ["conversation"] = new JsonObject { ["id"] = "conv-1", ["conversationType"] = conversationType },
        ["text"] = text,
        ["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>Bitácora</at>",
            ["mentioned"] = new JsonObject { ["id"] = "bot-1", ["name"] = "Bitácora" },
        }),
    }.ToJsonString();

    private string Invoke(string name, JsonNode? value) => new JsonObject
    {
        ["type"] = "invoke",
        ["name"] = name,
        ["id"] = "i-1",
        ["channelId"] = "msteams",
        ["serviceUrl"] = _connector.BaseUrl,
        ["from"] = new JsonObject { ["id"] = "user-id-0" },
        ["recipient"] = new JsonObject { ["id"] = "bot-1" },
        ["conversation"] = new JsonObject { ["id"] = "conv-1" },
        ["replyToId"] = "card-1",
        ["value"] = value,
    }.ToJsonString();

    [Theory]
    [InlineData("{\"type\":\"message\",", "malformed JSON")]
    [InlineData("[1,2]", "malformed JSON")]
    [InlineData("{\"type\":5}", "malformed JSON")]
    [InlineData("", "empty body")]
    [InlineData("{\"text\":\"hola\"}", "missing type")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c\"}}", "missing serviceUrl")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"ftp://x\",\"conversation\":{\"id\":\"c\"}}", "serviceUrl is not an http(s) URL")]
    [InlineData("{\"type\":\"invoke\",\"serviceUrl\":\"http://localhost/\"}", "missing conversation.id")]
    public async Task Bad_requests_are_answered_400_with_a_reason_and_logged(string body, string reason)
    {
        var response = await _host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, await response.Content.ReadAsStringAsync());
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(reason));
        Assert.Empty(Bot.Seen);
    }

    [Fact]
    public async Task Only_post_is_mapped()
    {
        var response = await _host.Client.GetAsync("/api/messages");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_before_parsing()
    {
        var huge = Message(new string('x', 600 * 1024));
        var response = await _host.PostAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Bot.Seen);
    }

    [Fact]
    public async Task A_message_with_the_bot_mention_is_processed_and_answered_through_the_connector()
    {
        var response = await _host.PostAsync(Message("<at>Bitácora</at> ayuda", "groupChat"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Received);
        Assert.Equal("POST", reply.Method);
        Assert.Equal("/_connector/v3/conversations/conv-1/activities/m-1", reply.Path);
        Assert.Null(reply.Authorization); // anonymous mode: no outbound token
        var json = reply.Json!;
        Assert.Equal("eco: ayuda", json["text"]!.GetValue<string>());
        Assert.Equal("conv-1", json["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("bot-1", json["from"]!["id"]!.GetValue<string>());
        Assert.Equal("user-id-0", json["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("m-1", json["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adaptive_card_action_invoke_is_answered_synchronously_with_the_card()
    {
        var value = JsonNode.Parse("""{"action":{"type":"Action.Execute","title":"Guardar","verb":"save","data":{"id":"s-1"}}}""");
        var response = await _host.PostAsync(Invoke("adaptiveCard/action", value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("save:s-1", body["value"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Empty(_connector.Received);
    }

    [Fact]
    public async Task Other_invoke_names_get_a_clean_501()
    {
        var response = await _host.PostAsync(Invoke("composeExtension/query", new JsonObject()));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Adaptive_card_action_without_action_is_a_400_invoke_response()
    {
        var response = await _host.PostAsync(Invoke("adaptiveCard/action", new JsonObject { ["x"] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_invoke_handler_is_logged_and_answered_500()
    {
        var value = JsonNode.Parse("""{"action":{"type":"Action.Execute","verb":"falla"}}""");
        var response = await _host.PostAsync(Invoke("adaptiveCard/action", value));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom");

        // The host keeps serving.
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Message("hola"))).StatusCode);
    }

    [Fact]
    public async Task A_failing_message_handler_without_error_handler_is_logged_and_answered_500()
    {
        var response = await _host.PostAsync(Message("falla"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom");
    }

    [Theory]
    [InlineData("""{"type":"someFutureType","whatever":true}""")]
    [InlineData("""{"type":"someFutureType","serviceUrl":"http://x/","conversation":{"id":"c"}}""")]
    public async Task Unknown_activity_types_are_acknowledged_and_ignored(string body)
    {
        var response = await _host.PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Bot.Seen);
    }

    [Fact]
    public async Task Known_types_without_handler_are_acknowledged()
    {
        var typing = JsonNode.Parse(Message("x"))!;
        typing["type"] = "typing";
        var response = await _host.PostAsync(typing.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Bot.Seen);
        Assert.Empty(_connector.Received);
    }
}

public class ErrorHandlerAndMiddlewareTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private BotTestHost _host = null!;
    private readonly List<string> _order = [];

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = await BotTestHost.StartAsync(configure: services =>
        {
            services.AddSingleton<IBot, RecordingBot>();
            services.AddSingleton<ITurnMiddleware>(new OrderMiddleware("first", _order));
            services.AddSingleton<ITurnMiddleware>(new OrderMiddleware("second", _order));
            services.AddSingleton<ITurnErrorHandler, ApologyErrorHandler>();
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private string Message(string text) => new JsonObject
    {
        ["type"] = "message", ["id"] = "m-1", ["serviceUrl"] = _connector.BaseUrl + "/",
        ["from"] = new JsonObject { ["id"] = "u" }, ["recipient"] = new JsonObject { ["id"] = "b" },
        ["conversation"] = new JsonObject { ["id"] = "c" }, ["text"] = text,
    }.ToJsonString();

    [Fact]
    public async Task Middleware_runs_in_registration_order_before_the_bot()
    {
        var response = await _host.PostAsync(Message("hola"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["first:before", "second:before", "second:after", "first:after"], _order);
        Assert.Single(_connector.Received);
    }

    [Fact]
    public async Task With_an_error_handler_a_failed_message_turn_is_handled_and_answered_200()
    {
        var response = await _host.PostAsync(Message("falla"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apology = Assert.Single(_connector.Received);
        Assert.Equal("Lo siento, algo falló.", apology.Json!["text"]!.GetValue<string>());
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom");
    }

    private sealed class OrderMiddleware(string name, List<string> order) : ITurnMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken ct)
        {
            order.Add($"{name}:before");
            await next(ct);
            order.Add($"{name}:after");
        }
    }

    private sealed class ApologyErrorHandler : ITurnErrorHandler
    {
        public Task OnTurnErrorAsync(ITurnContext turn, Exception exception, CancellationToken ct) =>
            turn.SendActivityAsync(Activity.CreateMessage("Lo siento, algo falló."), ct);
    }
}
