using Bitacora.Testing;
using System.Net;
using System.Text.Json.Nodes;
using Bitacora.BotFramework.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.BotFramework.Tests;

public sealed class IdentityFixture : IAsyncLifetime
{
    public FakeIdentityServer Identity { get; private set; } = null!;
    public async Task InitializeAsync() => Identity = await FakeIdentityServer.StartAsync();
    public async Task DisposeAsync() => await Identity.DisposeAsync();
}

public class AuthTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>, IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private FakeIdentityServer Identity => fixture.Identity;
    private BotTestHost _multi = null!;
    private BotTestHost _single = null!;

    public async Task InitializeAsync()
    {
        _multi = await StartHostAsync("MultiTenant");
        _single = await StartHostAsync("SingleTenant");
    }

    public async Task DisposeAsync()
    {
        await _multi.DisposeAsync();
        await _single.DisposeAsync();
    }

    private Task<BotTestHost> StartHostAsync(string appType) => BotTestHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "not-used-here",
            ["MicrosoftAppType"] = appType,
            ["MicrosoftAppTenantId"] = TenantId,
            ["BotFramework:OpenIdMetadataUrl"] = Identity.ChannelMetadataUrl,
            ["BotFramework:EntraOpenIdMetadataUrl"] = Identity.EntraMetadataUrl,
            ["BotFramework:AllowedCallers:0"] = FakeIdentityServer.AllowedCaller,
        },
        services =>
        {
            services.AddSingleton<IBot, RecordingBot>();
            services.AddSingleton<IAccessTokenProvider>(new CountingTokenProvider());
        });

    // "nada" makes the bot answer nothing, so no connector is involved.
    private static string Message(string channelId = "msteams", string serviceUrl = ServiceUrl) => new JsonObject
    {
        ["type"] = "message", ["id"] = "m-1", ["channelId"] = channelId, ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:u" }, ["recipient"] = new JsonObject { ["id"] = "28:b" },
        ["conversation"] = new JsonObject { ["id"] = "a:c" }, ["text"] = "nada",
    }.ToJsonString();

    private static int Seen(BotTestHost host) => ((RecordingBot)host.Services.GetRequiredService<IBot>()).Seen.Count;

    private static async Task AssertUnauthorizedAsync(BotTestHost host, HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, Seen(host));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("401")
                                                && e.Message.Contains(reason, StringComparison.OrdinalIgnoreCase));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_valid_channel_token_is_accepted()
    {
        var response = await _multi.PostAsync(Message(), Identity.ChannelToken(AppId, ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Seen(_multi));
    }

    [Fact]
    public async Task No_token_is_401() =>
        await AssertUnauthorizedAsync(_multi, await _multi.PostAsync(Message()), "missing bearer token");

    [Fact]
    public async Task Garbage_token_is_401() =>
        await AssertUnauthorizedAsync(_multi, await _multi.PostAsync(Message(), "not.a.jwt"), "unreadable token");

    [Fact]
    public async Task A_token_signed_with_an_unpublished_key_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.ChannelToken(AppId, ServiceUrl, forged: true)), "signature");

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), FakeIdentityServer.UnsignedToken(AppId, ServiceUrl)), "invalid signature");

    [Fact]
    public async Task An_expired_token_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.ChannelToken(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6))),
            "lifetime");

    [Fact]
    public async Task A_token_just_expired_within_the_clock_skew_is_accepted()
    {
        var response = await _multi.PostAsync(Message(),
            Identity.ChannelToken(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_issuer_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.ChannelToken(AppId, ServiceUrl, issuer: "https://evil.example")),
            "untrusted issuer");

    [Fact]
    public async Task A_wrong_audience_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.ChannelToken("someone-else", ServiceUrl)), "wrong audience");

    [Fact]
    public async Task A_serviceurl_claim_that_differs_from_the_activity_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(serviceUrl: "https://attacker.example/"), Identity.ChannelToken(AppId, ServiceUrl)),
            "serviceurl claim");

    [Fact]
    public async Task A_channel_token_without_serviceurl_claim_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.ChannelToken(AppId, serviceUrl: null)), "no serviceurl claim");

    [Fact]
    public async Task A_key_not_endorsed_for_the_channel_is_401() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(channelId: "webchat"), Identity.ChannelToken(AppId, ServiceUrl)), "not endorsed");

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + TenantId + "/v2.0")]
    [InlineData("https://sts.windows.net/" + TenantId + "/")]
    public async Task Single_tenant_accepts_entra_tokens_of_its_tenant(string issuer)
    {
        var response = await _single.PostAsync(Message(), Identity.EntraToken(AppId, issuer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Seen(_single));
    }

    [Fact]
    public async Task Single_tenant_refuses_entra_tokens_of_another_tenant() =>
        await AssertUnauthorizedAsync(_single,
            await _single.PostAsync(Message(), Identity.EntraToken(AppId, "https://login.microsoftonline.com/other-tenant/v2.0")),
            "untrusted issuer");

    [Fact]
    public async Task Single_tenant_refuses_entra_tokens_for_another_audience() =>
        await AssertUnauthorizedAsync(_single,
            await _single.PostAsync(Message(), Identity.EntraToken("other-app", $"https://sts.windows.net/{TenantId}/")),
            "wrong audience");

    [Fact]
    public async Task Multi_tenant_refuses_entra_tokens_of_the_single_tenant() =>
        await AssertUnauthorizedAsync(_multi,
            await _multi.PostAsync(Message(), Identity.EntraToken(AppId, $"https://sts.windows.net/{TenantId}/")),
            "untrusted issuer");

    [Fact]
    public async Task Single_tenant_still_accepts_channel_tokens()
    {
        var response = await _single.PostAsync(Message(), Identity.ChannelToken(AppId, ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public class AnonymousModeTests
{
    [Fact]
    public async Task Without_app_id_requests_need_no_token_and_the_mode_is_announced_once()
    {
        await using var host = await BotTestHost.StartAsync();
        var message = """
            {"type":"message","serviceUrl":"http://localhost:1/","conversation":{"id":"c"},"text":"nada",
             "from":{"id":"u"},"recipient":{"id":"b"}}
            """;

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message)).StatusCode);
        // A token is ignored rather than validated: nothing is configured to validate it against.
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message, "whatever")).StatusCode);

        var announcements = host.Logs.Entries.Where(e => e.Message.Contains("ANONYMOUS")).ToList();
        var announcement = Assert.Single(announcements);
        Assert.Equal(LogLevel.Warning, announcement.Level);
        Assert.Equal(4, ((RecordingBot)host.Services.GetRequiredService<IBot>()).Seen.Count);
    }
}
