using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bitacora.BotFramework.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.BotFramework.Tests;

public class ConnectorTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private BotTestHost _host = null!;
    private readonly CountingTokenProvider _tokens = new("tok-123");

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["BotFramework:Retry:MaxAttempts"] = "4" },
            services =>
            {
                services.AddSingleton<IBot, RecordingBot>();
                services.AddSingleton<IAccessTokenProvider>(_tokens);
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private IConnectorClient Client(string? serviceUrl = null) =>
        _host.Services.GetRequiredService<IConnectorClientFactory>().Create(serviceUrl ?? _connector.BaseUrl + "/");

    [Fact]
    public async Task Server_errors_on_an_idempotent_call_are_retried_then_surfaced_with_status_and_body()
    {
        _connector.Respond = async (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("""{"error":{"code":"ServiceUnavailable"}}""");
        };

        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().UpdateActivityAsync("conv-1", "a-1", Activity.CreateMessage("hola")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Contains("ServiceUnavailable", e.Body);
        Assert.Equal(4, _connector.Received.Count);
    }

    [Fact]
    public async Task A_5xx_then_success_on_a_PUT_is_applied_after_one_retry()
    {
        _connector.Respond = async (context, n) =>
        {
            if (n == 1) context.Response.StatusCode = 502;
            else await FakeConnector.DefaultAsync(context, n);
        };
        var result = await Client().UpdateActivityAsync("conv-1", "m-1", Activity.CreateMessage("hola"));
        Assert.Equal("activity-2", result.Id);
        Assert.Equal(2, _connector.Received.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_POST_answered_5xx_is_not_sent_again_because_it_may_have_been_delivered(int status)
    {
        _connector.Respond = (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "7";
            return context.Response.WriteAsync("busy");
        };
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().ReplyToActivityAsync("conv-1", "m-1", Activity.CreateMessage("hola")));
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Single(_connector.Received);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(501)]
    public async Task Other_failures_are_not_retried(int status)
    {
        _connector.Respond = (context, _) =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("nope");
        };
        var e = await Assert.ThrowsAsync<ConnectorException>(() => Client().DeleteActivityAsync("conv-1", "a-1"));
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal("nope", e.Body);
        Assert.Single(_connector.Received);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_time_budget_gives_up_at_once()
    {
        _connector.Respond = (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        };
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync("conv-1", Activity.CreateMessage("x")));
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter); // the caller (reminder outbox) re-queues that long
        Assert.Single(_connector.Received);
        // Honouring the Retry-After would take 120 s; a generous bound keeps a loaded CI machine from failing this.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"held {watch.Elapsed}");
    }

    [Fact]
    public async Task Network_failures_are_retried_then_surfaced_without_status()
    {
        var closedPort = Bitacora.Testing.FreePort.Next();
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client($"http://127.0.0.1:{closedPort}/").SendToConversationAsync("conv-1", Activity.CreateMessage("x")));
        Assert.Null(e.StatusCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.True(_tokens.Calls >= 1);
    }

    [Theory]
    [InlineData("", "/v3/conversations/c1/activities")]
    [InlineData("/", "/v3/conversations/c1/activities")]
    [InlineData("/_connector", "/_connector/v3/conversations/c1/activities")]
    [InlineData("/_connector/", "/_connector/v3/conversations/c1/activities")]
    [InlineData("/amer/", "/amer/v3/conversations/c1/activities")]
    public async Task Service_urls_with_and_without_trailing_slash_are_joined_correctly(string suffix, string expectedPath)
    {
        await Client(_connector.BaseUrl + suffix).SendToConversationAsync("c1", Activity.CreateMessage("x"));
        Assert.Equal(expectedPath, Assert.Single(_connector.Received).Path);
    }

    [Fact]
    public async Task Paged_members_follow_the_continuation_token_and_read_objectId_as_the_Entra_id()
    {
        // Response bodies as the Teams docs show them (bots/how-to/get-teams-context, "pagedmembers"): regular users
        // carry objectId/givenName/surname/email/userPrincipalName and no name; anonymous guests only id/name/userRole.
        _connector.Respond = async (context, n) =>
        {
            var query = context.Request.QueryString.Value ?? "";
            await context.Response.WriteAsync(query.Contains("continuationToken=tok%2B1", StringComparison.Ordinal)
                ? """
                  {"members":[{"id":"29:1URzNQM1x1PNMr1D7L5","objectId":"6b7b3b2a-2c4b-4175-8582-41c9e685c1b5","givenName":"Rick",
                    "surname":"Stevens","email":"Rick.Stevens@fabrikam.com","userPrincipalName":"rstevens@fabrikam.com",
                    "tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","userRole":"user"}]}
                  """
                : """
                  {"continuationToken":"tok+1","members":[
                    {"id":"29:1GcS4EyB_oSI8A88XmWBN7","name":"Anon1 (Guest)","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","userRole":"anonymous"},
                    {"id":"29:1bSnHZ7Js2STWrgk6ScEErLk","objectId":"76b0b09f-d410-48fd-993e-84da521a597b","givenName":"John",
                     "surname":"Patterson","email":"johnp@fabrikam.com","userPrincipalName":"johnp@fabrikam.com",
                     "tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","userRole":"user"}]}
                  """);
        };
        var members = await Client().GetAllMembersAsync("19:meeting_N2Qz@thread.v2", pageSize: 10);

        // Page sizes below 50 are sent as 50 (Teams treats them so); the token is URL-encoded.
        Assert.Equal(["/v3/conversations/19:meeting_N2Qz@thread.v2/pagedmembers?pageSize=50",
            "/v3/conversations/19:meeting_N2Qz@thread.v2/pagedmembers?pageSize=50&continuationToken=tok%2B1"],
            _connector.Received.Select(r => r.Path + r.Query).ToArray());
        Assert.Equal(3, members.Count);
        Assert.True(members[0].IsAnonymous);
        Assert.Null(members[0].EntraObjectId);
        Assert.Equal(("76b0b09f-d410-48fd-993e-84da521a597b", "John Patterson"), (members[1].EntraObjectId, members[1].DisplayName));
        Assert.Equal(("6b7b3b2a-2c4b-4175-8582-41c9e685c1b5", "rstevens@fabrikam.com"), (members[2].EntraObjectId, members[2].UserPrincipalName));
    }

    [Fact]
    public async Task Every_operation_uses_the_v3_route_verb_and_token()
    {
        _connector.Respond = async (context, n) =>
        {
            var path = Uri.UnescapeDataString(context.Request.Path.Value!);
            if (context.Request.Method == "GET" && path.EndsWith("/members", StringComparison.Ordinal))
                await context.Response.WriteAsync("""
                    [{"id":"29:u1","name":"Camila","aadObjectId":"aad-1","email":"c@x.cl","userPrincipalName":"c@x.cl",
                      "tenantId":"t1","userRole":"user","givenName":"Camila","surname":"Rojas","objectId":"aad-1"}]
                    """);
            else if (context.Request.Method == "GET")
                await context.Response.WriteAsync("""{"id":"29:u1","name":"Camila","aadObjectId":"aad-1","userRole":"user"}""");
            else if (path == "/v3/conversations")
                await context.Response.WriteAsync("""{"id":"a:new-conv","activityId":"x"}""");
            else if (context.Request.Method == "DELETE")
                context.Response.StatusCode = 200;
            else if (context.Request.Method == "PUT")
                context.Response.StatusCode = 200; // the Playground answers PUT with an empty body
            else
                await FakeConnector.DefaultAsync(context, n);
        };
        var client = Client();
        const string conversation = "19:abc@thread.tacv2;messageid=17";

        Assert.Equal("activity-1", (await client.ReplyToActivityAsync(conversation, "17", Activity.CreateMessage("r"))).Id);
        Assert.Equal("activity-2", (await client.SendToConversationAsync(conversation, Activity.CreateMessage("s"))).Id);
        Assert.Equal("17", (await client.UpdateActivityAsync(conversation, "17", Activity.CreateMessage("u"))).Id);
        await client.DeleteActivityAsync(conversation, "17");
        var created = await client.CreateConversationAsync(
            ConversationParameters.OneOnOne(new ChannelAccount { Id = "28:bot" }, "29:u1", "t1"));
        var members = await client.GetConversationMembersAsync(conversation);
        var member = await client.GetConversationMemberAsync(conversation, "29:u1");

        Assert.Equal("a:new-conv", created.Id);
        var m = Assert.Single(members);
        Assert.Equal(("29:u1", "Camila", "aad-1", "c@x.cl", "c@x.cl", "t1", "user"),
            (m.Id, m.Name, m.AadObjectId, m.Email, m.UserPrincipalName, m.TenantId, m.UserRole));
        Assert.Equal("aad-1", m.ObjectId);
        Assert.Equal("aad-1", m.EntraObjectId);
        Assert.Equal("aad-1", member.AadObjectId);

        var calls = _connector.Received.Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.Equal(new[]
        {
            $"POST /v3/conversations/{conversation}/activities/17",
            $"POST /v3/conversations/{conversation}/activities",
            $"PUT /v3/conversations/{conversation}/activities/17",
            $"DELETE /v3/conversations/{conversation}/activities/17",
            "POST /v3/conversations",
            $"GET /v3/conversations/{conversation}/members",
            $"GET /v3/conversations/{conversation}/members/29:u1",
        }, calls);
        Assert.All(_connector.Received, r => Assert.Equal("Bearer tok-123", r.Authorization));
        Assert.Equal("17", _connector.Received.ElementAt(2).Json!["id"]!.GetValue<string>());
        var create = _connector.Received.ElementAt(4).Json!;
        Assert.False(create["isGroup"]!.GetValue<bool>());
        Assert.Equal("t1", create["tenantId"]!.GetValue<string>());
        Assert.Equal("t1", create["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("29:u1", create["members"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conversation_ids_are_escaped_in_the_path()
    {
        await Client().SendToConversationAsync("a b/c?d", Activity.CreateMessage("x"));
        Assert.Equal("/v3/conversations/a b/c?d/activities", Assert.Single(_connector.Received).Path);
        // One segment on the wire: the raw path had the slash and question mark encoded.
    }

    [Fact]
    public async Task Proactive_turn_sends_to_the_referenced_conversation()
    {
        var reference = new ConversationReference
        {
            ServiceUrl = _connector.BaseUrl, // Playground style: no trailing slash
            ChannelId = "msteams",
            Conversation = new ConversationAccount { Id = "a:personal-1", TenantId = "t1" },
            User = new ChannelAccount { Id = "29:u1" },
            Bot = new ChannelAccount { Id = "28:bot" },
        };
        var adapter = _host.Services.GetRequiredService<IBotAdapter>();

        await adapter.ContinueConversationAsync(reference,
            (turn, ct) => turn.SendActivityAsync(Activity.CreateMessage("Recordatorio"), ct), CancellationToken.None);

        var sent = Assert.Single(_connector.Received);
        Assert.Equal("POST /v3/conversations/a:personal-1/activities", $"{sent.Method} {sent.Path}");
        var json = sent.Json!;
        Assert.Equal("Recordatorio", json["text"]!.GetValue<string>());
        Assert.Equal("28:bot", json["from"]!["id"]!.GetValue<string>());
        Assert.Equal("29:u1", json["recipient"]!["id"]!.GetValue<string>());
        Assert.Null(json["replyToId"]);
    }

    [Fact]
    public async Task Turn_update_and_delete_target_the_inbound_conversation()
    {
        _connector.Respond = (context, n) => FakeConnector.DefaultAsync(context, n);
        var inbound = new Activity
        {
            Type = ActivityTypes.Invoke, Id = "i-1", ServiceUrl = _connector.BaseUrl + "/",
            Conversation = new ConversationAccount { Id = "conv-9" }, From = new ChannelAccount { Id = "u" },
            Recipient = new ChannelAccount { Id = "b" },
        };
        var turn = new TurnContext(inbound, Client(), _host.Services, CancellationToken.None);
        await turn.UpdateActivityAsync(Activity.CreateCard(new JsonObject { ["type"] = "AdaptiveCard" }) with { Id = "card-1" });
        await turn.DeleteActivityAsync("card-1");

        var calls = _connector.Received.Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.Equal(["PUT /v3/conversations/conv-9/activities/card-1", "DELETE /v3/conversations/conv-9/activities/card-1"], calls);
    }
}
