using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.BotFramework;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>Issue 10 item 7: an email in the activity body never links a registry person (Teams never sends one
/// there), and the identity cache stays small whatever names senders carry.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdentityTrustTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string People =
        "email,name,aad_object_id,teams_user_id,territories,roles,coordinated_territories\n" +
        "jefa.territorial@junji.example,Jefa Territorial,,,16-1,asesor_ett,16-1\n";

    private RegistryBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await RegistryBot.StartAsync(azurite);
        await _bot.ImportPeopleAsync(People);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task An_email_in_from_does_not_claim_a_registry_person()
    {
        var conv = Conversation.Personal("a:dm-forger");
        var message = RegistryBot.As(_bot.Pipeline.Message(conv, "quién soy"), "29:forger", "Alguien", "aad-of-the-forger");
        message["from"]!["email"] = "jefa.territorial@junji.example";
        message["from"]!["userPrincipalName"] = "jefa.territorial@junji.example";

        var reply = await _bot.SendAsync(message, conv);

        Assert.DoesNotContain("Jefa Territorial", reply.Text);
        var person = await _bot.Get<IPersonDirectory>().FindByEmailAsync("jefa.territorial@junji.example");
        Assert.NotNull(person);
        Assert.Null(person.TeamsUserId);
        Assert.Null(person.AadObjectId);
        Assert.Null(TurnIdentityService.UserOf(new Activity
        {
            From = new ChannelAccount { Id = "29:x", Name = "X" },
        }).Email);
    }

    [Fact]
    public async Task The_identity_cache_is_bounded_in_bytes_and_names_are_capped()
    {
        var identity = (TurnIdentityService)_bot.Get<ITurnIdentity>();
        var connectors = _bot.Get<IConnectorClientFactory>();
        var hugeName = new string('ñ', 300 * 1024);
        for (var i = 0; i < 200; i++)
        {
            var activity = new Activity
            {
                Type = "message", Id = "m" + i, ServiceUrl = _bot.Connector.ServiceUrl, ChannelId = "msteams",
                From = new ChannelAccount { Id = "29:sender-" + i, Name = hugeName, AadObjectId = "aad-sender-" + i },
                Recipient = new ChannelAccount { Id = BotPipeline.BotId },
                Conversation = new ConversationAccount { Id = "a:dm-" + i },
            };
            var turn = new TurnContext(activity, connectors.Create(activity.ServiceUrl), _bot.Pipeline.Services, default);
            var resolved = await identity.GetAsync(turn);
            Assert.True(resolved.User.Name!.Length <= TurnIdentityService.MaxNameLength);
        }

        Assert.InRange(identity.CacheBytes, 1, 200 * 4096);
        Assert.True(identity.CacheBytes <= TurnIdentityService.MaxCacheBytes);
        identity.InvalidateAll();
        Assert.Equal(0, identity.CacheBytes);
    }
}
