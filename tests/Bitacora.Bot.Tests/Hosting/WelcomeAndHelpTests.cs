using System.Net;
using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class WelcomeAndHelpTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Theory]
    [InlineData("personal")]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task Installing_the_bot_posts_one_Spanish_welcome_card(string conversationType)
    {
        var conversation = new Conversation("conv-" + conversationType, conversationType);
        var install = _bot.Activity("installationUpdate", conversation);
        install["action"] = "add";
        var added = _bot.Activity("conversationUpdate", conversation);
        added["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = "29:user-1" }, new JsonObject { ["id"] = BotPipeline.BotId });

        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(install)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(added)).StatusCode);

        var welcome = await _bot.Connector.WaitForAsync(c => c.Card is not null);
        var cards = _bot.Connector.Calls.Where(c => c.Card is not null).ToList();
        Assert.Single(cards);
        Assert.Equal(conversation.Id, welcome.ConversationId);
        var card = welcome.Card!;
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Contains("Soy Bitácora", card.ToJsonString(Json.Unescaped));
        Assert.Contains("Iniciar sesión", card.ToJsonString(Json.Unescaped));
    }

    [Fact]
    public async Task Ayuda_answers_with_the_command_list()
    {
        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "Ayuda"));

        var reply = await _bot.Connector.WaitForAsync(c => c.Card is not null);
        var json = reply.Card!.ToJsonString(Json.Unescaped);
        Assert.Contains("iniciar sesión", json);
        Assert.Contains("nuevo compromiso", json);
        Assert.Contains("mis compromisos", json);
    }

    [Fact]
    public async Task Commands_work_with_the_bot_mention_in_group_chats_and_channels()
    {
        await _bot.PostAsync(_bot.MentionMessage(Conversation.Group(), "ayuda"));
        await _bot.PostAsync(_bot.MentionMessage(Conversation.Channel(), "AYUDA"));

        await _bot.Connector.WaitForAsync(c => c.ConversationId == Conversation.Group().Id && c.Card is not null);
        var channelReply = await _bot.Connector.WaitForAsync(c => c.ConversationId == Conversation.Channel().Id && c.Card is not null);
        Assert.Contains("Bitácora — comandos", channelReply.Card!.ToJsonString(Json.Unescaped));
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Card?.ToJsonString(Json.Unescaped).Contains("No entendí") == true);
    }

    [Fact]
    public async Task Unknown_text_gets_the_help_card_saying_what_was_not_understood()
    {
        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "quiero un café"));

        var reply = await _bot.Connector.WaitForAsync(c => c.Card is not null);
        Assert.Contains("No entendí «quiero un café»", reply.Card!.ToJsonString(Json.Unescaped));
    }

    [Fact]
    public async Task Hola_greets_with_the_welcome_card()
    {
        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "hola"));

        var reply = await _bot.Connector.WaitForAsync(c => c.Card is not null);
        Assert.Contains("¡Hola, Alex! Soy Bitácora", reply.Card!.ToJsonString(Json.Unescaped));
    }

    [Fact]
    public async Task A_command_button_runs_the_command_and_answers_the_invoke()
    {
        var invoke = _bot.Execute(Conversation.Personal(), "command", new JsonObject { ["command"] = "ayuda" }, "card-1");

        var response = await _bot.InvokeAsync(invoke);

        Assert.Equal(200, response["statusCode"]!.GetValue<int>());
        var help = await _bot.Connector.WaitForAsync(c => c.Card is not null);
        Assert.Contains("Bitácora — comandos", help.Card!.ToJsonString(Json.Unescaped));
    }

    [Fact]
    public async Task A_button_of_an_unknown_card_gets_a_Spanish_refusal_not_an_error()
    {
        var invoke = _bot.Execute(Conversation.Personal(), "ya.no.existe", new JsonObject(), "card-1");

        var response = await _bot.InvokeAsync(invoke);

        Assert.Equal("application/vnd.microsoft.activity.message", response["type"]!.GetValue<string>());
        Assert.Contains("ya no reconozco", response["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_delivery_of_the_same_activity_is_processed_once()
    {
        var message = _bot.Message(Conversation.Personal(), "ayuda");

        await _bot.PostAsync(message);
        await _bot.PostAsync(message);
        await _bot.PostAsync(_bot.Message(Conversation.Personal(), "hola"));

        await _bot.Connector.WaitForAsync(c => c.Card?.ToJsonString(Json.Unescaped).Contains("Soy Bitácora") == true);
        Assert.Single(_bot.Connector.Calls, c => c.Card?.ToJsonString(Json.Unescaped).Contains("Bitácora — comandos") == true);
    }

    [Fact]
    public async Task Every_inbound_activity_leaves_a_reachable_address_written_only_when_it_changed()
    {
        await _bot.PostAsync(_bot.Message(Conversation.Personal("a:dm-7"), "ayuda", userId: "29:user-7"));
        await _bot.PostAsync(_bot.MentionMessage(Conversation.Group("19:g7@thread.v2"), "ayuda", userId: "29:user-7"));

        var store = _bot.Get<ConversationReferenceStore>();
        var user = await store.GetUserAsync("29:user-7", CancellationToken.None);
        var byAad = await store.GetUserByAadObjectIdAsync("aad-29:user-7", CancellationToken.None);
        var group = await store.GetConversationAsync("19:g7@thread.v2", CancellationToken.None);

        Assert.NotNull(user);
        Assert.Equal("a:dm-7", user.PersonalConversationId);
        Assert.Equal("19:g7@thread.v2", user.LastConversationId);
        Assert.Equal(_bot.Connector.ServiceUrl, user.ServiceUrl);
        Assert.Equal(user, byAad);
        Assert.NotNull(group);
        Assert.True(group.IsGroup);
        Assert.Equal("tenant-1", group.TenantId);

        var again = new Bitacora.BotFramework.Activity
        {
            Type = "message", ServiceUrl = _bot.Connector.ServiceUrl, ChannelId = "msteams",
            From = new() { Id = "29:user-7", Name = "Alex Wilber", AadObjectId = "aad-29:user-7" },
            Recipient = new() { Id = BotPipeline.BotId, Name = BotPipeline.BotName },
            Conversation = new() { Id = "19:g7@thread.v2", ConversationType = "groupChat", IsGroup = true, TenantId = "tenant-1" },
        };
        Assert.Equal(0, await store.RecordAsync(again, CancellationToken.None));
    }
}

internal static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Unescaped = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed class SubmitFallbackTests
{
    [Fact]
    public void Every_execute_action_gets_a_submit_fallback_carrying_its_verb()
    {
        var card = System.Text.Json.Nodes.JsonNode.Parse("""
            {"type":"AdaptiveCard","actions":[
              {"type":"Action.Execute","title":"Guardar","verb":"session.answer","data":{"sessionId":"s1"}},
              {"type":"ActionSet"}]}
            """)!.AsObject();

        Bitacora.Bot.Cards.UniversalActions.WithSubmitFallbacks(card);

        var fallback = card["actions"]![0]!["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        Assert.Equal("Guardar", fallback["title"]!.GetValue<string>());
        Assert.Equal("session.answer", fallback["data"]!["verb"]!.GetValue<string>());
        Assert.Equal("s1", fallback["data"]!["sessionId"]!.GetValue<string>());
    }
}
