using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.BotFramework;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Conversations;

/// <summary>Issue 10, step 3 of the attack, through the real bot (SingleTenant auth, loopback token issuer): a forged
/// caller cannot rewrite where the bot sends reminders. The stored reference keeps the Teams serviceUrl, nothing is
/// sent anywhere, and even a direct write of a foreign serviceUrl is refused by the store.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReferenceTrustTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string Issuer = "https://sts.windows.net/" + TenantId + "/";
    private FakeIdentityServer _identity = null!;
    private FakeConnector _attacker = null!;
    private BotPipeline _bot = null!;
    private readonly FixedTokens _tokens = new();
    private readonly CollectingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _identity = await FakeIdentityServer.StartAsync();
        _attacker = await FakeConnector.StartAsync();
        _bot = await BotPipeline.StartAsync(azurite,
            services =>
            {
                services.AddSingleton<IAccessTokenProvider>(_tokens);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
            },
            new Dictionary<string, string?>
            {
                ["MicrosoftAppPassword"] = "not-used-here",
                ["MicrosoftAppType"] = "SingleTenant",
                ["MicrosoftAppTenantId"] = TenantId,
                ["BotFramework:OpenIdMetadataUrl"] = _identity.ChannelMetadataUrl,
                ["BotFramework:EntraOpenIdMetadataUrl"] = _identity.EntraMetadataUrl,
                ["BotFramework:AllowedCallers:0"] = FakeIdentityServer.AllowedCaller,
                ["Registry:UseGraph"] = "false",
            },
            connector => new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = AppId,
                // The loopback stand-in for smba.trafficmanager.net; the attacker's loopback server is not listed.
                ["BotFramework:AllowedServiceUrls:0"] = connector.ServiceUrl,
            });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _attacker.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _bot.Client.SendAsync(request);
    }

    // The bot validates lifetimes on its (fake) clock.
    private string Token(string caller = FakeIdentityServer.AllowedCaller) =>
        _identity.EntraToken(AppId, Issuer, _bot.Time.GetUtcNow().UtcDateTime.AddMinutes(30), caller);

    private JsonObject FromAttacker(JsonObject activity)
    {
        activity["serviceUrl"] = _attacker.ServiceUrl;
        return activity;
    }

    [Fact]
    public async Task A_forged_caller_cannot_rewrite_the_stored_reference_and_nothing_is_sent()
    {
        var admin = Conversation.Personal("a:admin-dm");
        var legit = await PostAsync(_bot.Message(admin, "ayuda", userId: "29:admin"), Token());
        Assert.True(HttpStatusCode.OK == legit.StatusCode, _logs.Text);
        await _bot.Connector.WaitForAsync(c => c.IsReply || c.IsSend);
        var store = _bot.Get<ConversationReferenceStore>();
        var before = await store.GetUserAsync("29:admin", CancellationToken.None);
        Assert.Equal(_bot.Connector.ServiceUrl, before?.ServiceUrl);
        var callsBefore = _bot.Connector.Calls.Count;

        // Step 1: another app of the tenant, Teams' own serviceUrl, acting as the administrator.
        var otherApp = await PostAsync(_bot.Message(admin, "territorio", userId: "29:admin"),
            Token("other-app-of-the-tenant"));
        // Steps 2 and 3: the attacker's serviceUrl, with a forged caller and even with the allowed one.
        var foreignForged = await PostAsync(FromAttacker(_bot.Message(admin, "territorio", userId: "29:admin")),
            Token("other-app-of-the-tenant"));
        var foreignAllowed = await PostAsync(FromAttacker(_bot.Message(admin, "hola", userId: "29:admin")),
            Token());

        Assert.Equal(HttpStatusCode.Unauthorized, otherApp.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignForged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignAllowed.StatusCode);
        Assert.Equal(before, await store.GetUserAsync("29:admin", CancellationToken.None));
        Assert.Equal(_bot.Connector.ServiceUrl, (await store.GetConversationAsync("a:admin-dm", CancellationToken.None))?.ServiceUrl);
        Assert.Equal(callsBefore, _bot.Connector.Calls.Count);
        Assert.Empty(_attacker.Calls);
    }

    [Fact]
    public async Task The_store_itself_never_records_a_serviceUrl_outside_the_allow_list()
    {
        var store = _bot.Get<ConversationReferenceStore>();
        var activity = new Activity
        {
            Type = "message", ServiceUrl = _attacker.ServiceUrl, ChannelId = "msteams",
            From = new() { Id = "29:someone", AadObjectId = "aad-someone" },
            Recipient = new() { Id = BotPipeline.BotId },
            Conversation = new() { Id = "a:someone-dm", ConversationType = "personal" },
        };

        Assert.Equal(0, await store.RecordAsync(activity, CancellationToken.None));
        Assert.Null(await store.GetUserAsync("29:someone", CancellationToken.None));
        Assert.Null(await store.GetConversationAsync("a:someone-dm", CancellationToken.None));
    }

    private sealed class FixedTokens : IAccessTokenProvider
    {
        public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("bot-token");
    }
}
