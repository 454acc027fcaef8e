using System.Net;
using System.Text.Json.Nodes;
using Bitacora.BotFramework.Tests.Infrastructure;
using FakeIdentityServer = Bitacora.Testing.FakeIdentityServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.BotFramework.Tests;

/// <summary>The attack of issue 10 against a SingleTenant bot, step by step: (1) a client-credentials Entra token of
/// another app of the tenant, (2) an activity whose serviceUrl is the attacker's host, so the bot would POST its
/// connector token there. Each step alone is refused with nothing processed and nothing sent. (Step 3, the stored
/// reference, is covered in Bitacora.Bot.Tests/Conversations.)</summary>
public sealed class InboundTrustTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>, IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string V1Issuer = "https://sts.windows.net/" + TenantId + "/";
    private const string V2Issuer = "https://login.microsoftonline.com/" + TenantId + "/v2.0";
    private FakeIdentityServer Identity => fixture.Identity;
    private readonly CountingTokenProvider _tokens = new("the-bots-own-connector-token");
    private FakeConnector _teams = null!;
    private FakeConnector _attacker = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeConnector.StartAsync();
        _attacker = await FakeConnector.StartAsync();
        _host = await BotTestHost.StartAsync(new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = "not-used-here",
                ["MicrosoftAppType"] = "SingleTenant",
                ["MicrosoftAppTenantId"] = TenantId,
                ["BotFramework:OpenIdMetadataUrl"] = Identity.ChannelMetadataUrl,
                ["BotFramework:EntraOpenIdMetadataUrl"] = Identity.EntraMetadataUrl,
                ["BotFramework:AllowedCallers:0"] = FakeIdentityServer.AllowedCaller,
                // The stand-in for smba.trafficmanager.net runs on loopback: allowed explicitly, the attacker is not.
                ["BotFramework:AllowedServiceUrls:0"] = TeamsUrl,
            },
            services =>
            {
                services.AddSingleton<IBot, RecordingBot>();
                services.AddSingleton<IAccessTokenProvider>(_tokens);
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _teams.DisposeAsync();
        await _attacker.DisposeAsync();
    }

    private string TeamsUrl => _teams.BaseUrl + "/";
    private string AttackerUrl => _attacker.BaseUrl + "/";
    private int Seen => ((RecordingBot)_host.Services.GetRequiredService<IBot>()).Seen.Count;

    // "territorio editar" stands for any command: the bot echoes it, i.e. it would answer through the connector.
    private static string Message(string serviceUrl, string text = "territorio editar") => new JsonObject
    {
        ["type"] = "message", ["id"] = "m-1", ["channelId"] = "msteams", ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:admin", ["aadObjectId"] = "aad-admin" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId },
        ["conversation"] = new JsonObject { ["id"] = "a:admin-chat" }, ["text"] = text,
    }.ToJsonString();

    private void AssertNothingHappened(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, Seen);
        Assert.Empty(_teams.Received);
        Assert.Empty(_attacker.Received);
        Assert.Equal(0, _tokens.Calls);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("401")
                                                 && e.Message.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_authorised_caller_with_the_teams_serviceUrl_is_answered_with_the_token_attached()
    {
        var response = await _host.PostAsync(Message(TeamsUrl), Identity.EntraToken(AppId, V1Issuer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_teams.Received);
        Assert.Equal("Bearer the-bots-own-connector-token", reply.Authorization);
        Assert.Empty(_attacker.Received);
    }

    [Theory]
    [InlineData(V1Issuer)]
    [InlineData(V2Issuer)]
    public async Task Step1_an_entra_token_of_another_app_of_the_tenant_is_refused(string issuer) =>
        AssertNothingHappened(
            await _host.PostAsync(Message(TeamsUrl), Identity.EntraToken(AppId, issuer, caller: "other-app-of-the-tenant")),
            "not an allowed caller");

    [Fact]
    public async Task An_entra_token_without_appid_or_azp_is_refused() =>
        AssertNothingHappened(await _host.PostAsync(Message(TeamsUrl), Identity.EntraToken(AppId, V2Issuer, caller: null)),
            "no appid/azp");

    [Fact]
    public async Task An_entra_token_whose_caller_is_the_bot_itself_is_accepted()
    {
        var response = await _host.PostAsync(Message(TeamsUrl, "nada"), Identity.EntraToken(AppId, V2Issuer, caller: AppId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Seen);
    }

    [Fact]
    public async Task Step2_even_an_authorised_caller_cannot_point_the_bot_at_a_foreign_serviceUrl() =>
        AssertNothingHappened(await _host.PostAsync(Message(AttackerUrl), Identity.EntraToken(AppId, V1Issuer)),
            "not an allowed Bot Framework / Teams host");

    [Fact]
    public async Task An_entra_serviceurl_claim_must_match_the_activity() =>
        AssertNothingHappened(
            await _host.PostAsync(Message(TeamsUrl), Identity.EntraToken(AppId, V2Issuer, serviceUrl: "https://smba.trafficmanager.net/emea/")),
            "serviceurl claim");

    [Fact]
    public async Task A_channel_token_bound_to_a_foreign_serviceUrl_is_refused_too() =>
        AssertNothingHappened(await _host.PostAsync(Message(AttackerUrl), Identity.ChannelToken(AppId, AttackerUrl)),
            "not an allowed Bot Framework / Teams host");

    [Fact]
    public async Task Step2_outbound_the_connector_refuses_foreign_hosts_before_asking_for_the_token()
    {
        var factory = _host.Services.GetRequiredService<IConnectorClientFactory>();
        Assert.Throws<ServiceUrlNotAllowedException>(() => factory.Create(AttackerUrl));
        Assert.Throws<ServiceUrlNotAllowedException>(() => factory.Create("https://smba.trafficmanager.net.attacker.example/"));

        // Even a request built by hand on the connector's HttpClient is refused, token-less and unsent.
        var http = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectorClientFactory.HttpClientName);
        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() =>
            http.PostAsync(AttackerUrl + "v3/conversations/a:admin-chat/activities", new StringContent("{}")));

        Assert.Empty(_attacker.Received);
        Assert.Equal(0, _tokens.Calls);
    }
}

public class ServiceUrlPolicyTests
{
    private static ServiceUrlPolicy Policy(bool anonymous = false, params string[] extra) =>
        new(Microsoft.Extensions.Options.Options.Create(new BotFrameworkOptions
        {
            MicrosoftAppId = anonymous ? null : "app",
            AllowedServiceUrls = extra,
        }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://SMBA.TrafficManager.net/amer/")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://europe.webchat.botframework.com/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/")]
    public void Teams_and_bot_framework_hosts_are_allowed(string url) => Assert.True(Policy().IsAllowed(url));

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net:8443/amer/")]
    [InlineData("https://evil.trafficmanager.net/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    [InlineData("https://botframework.com.attacker.example/")]
    [InlineData("https://attackerbotframework.com/")]
    [InlineData("https://smba.trafficmanager.net@attacker.example/")]
    [InlineData("https://user:pw@smba.trafficmanager.net/amer/")]
    [InlineData("http://127.0.0.1:3978/")]
    [InlineData("http://localhost:56150/_connector")]
    [InlineData("ftp://smba.trafficmanager.net/")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_hosts_and_loopback_are_refused_when_authenticated(string? url) => Assert.False(Policy().IsAllowed(url));

    [Fact]
    public void Loopback_emulators_are_allowed_only_in_anonymous_mode()
    {
        Assert.True(Policy(anonymous: true).IsAllowed("http://localhost:56150/_connector"));
        Assert.True(Policy(anonymous: true).IsAllowed("http://127.0.0.1:1234/"));
        Assert.False(Policy(anonymous: true).IsAllowed("https://attacker.example/"));
    }

    [Fact]
    public void Configured_urls_are_prefixes_with_scheme_host_and_port()
    {
        var policy = Policy(false, "http://localhost:56150/_connector");
        Assert.True(policy.IsAllowed("http://localhost:56150/_connector/v3/conversations"));
        Assert.False(policy.IsAllowed("http://localhost:56151/_connector"));
        Assert.False(policy.IsAllowed("https://localhost:56150/_connector"));
        Assert.False(policy.IsAllowed("http://localhost:56150/other"));
    }
}

public class HangingConnectorTests
{
    [Fact]
    public async Task A_connector_that_never_answers_holds_a_call_no_longer_than_the_total_budget()
    {
        await using var connector = await FakeConnector.StartAsync();
        var release = new TaskCompletionSource();
        connector.Respond = async (context, _) => await release.Task.WaitAsync(context.RequestAborted);
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["BotFramework:AllowAnonymous"] = "true",
            ["BotFramework:Retry:AttemptTimeout"] = "00:02:00",
            ["BotFramework:Retry:MaxTotalTime"] = "00:00:01",
        });
        var client = host.Services.GetRequiredService<IConnectorClientFactory>().Create(connector.BaseUrl + "/");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync("c", Activity.CreateMessage("hola")));
        watch.Stop();
        release.SetResult();

        Assert.Null(e.StatusCode);
        // Without the total budget the call would hang for the 2-minute attempt timeout; 30 s leaves a loaded CI room.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"held {watch.Elapsed}");
    }
}
