using System.Text.Json.Nodes;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;

namespace Bitacora.E2E.Tests.Playground;

/// <summary>Proves the Playground fixtures and client against the echo bot, over the Playground's HTTP/WebSocket API.</summary>
[Collection(EchoBotCollection.Name)]
public sealed class PlaygroundApiTests(EchoBotFixture e2e)
{
    private PlaygroundClient Playground => e2e.Client;

    private string PersonalChat => e2e.Config.PersonalChat.Id;

    [Fact]
    public void Config_describes_the_mock_tenant()
    {
        Assert.Equal(e2e.PersonalConversationId, e2e.Config.PersonalChat.Id);
        Assert.False(string.IsNullOrEmpty(e2e.Config.Bot.Id));
        Assert.Equal("user-id-0", e2e.Config.CurrentUser.Id);
        Assert.NotEmpty(e2e.Config.GroupChat.Id);
        Assert.Equal("team-id", e2e.Config.TeamChannel.Id);
    }

    [Fact]
    public async Task A_user_message_reaches_the_bot_and_its_reply_arrives_over_the_websocket()
    {
        var sent = await Playground.SendMessageAsync(PersonalChat, "hola mundo");

        var reply = await Playground.WaitForMessageInAsync(PersonalChat, m => m.Text == "eco: hola mundo");

        var inbound = await e2e.Bot.WaitForInboundAsync(a => a["text"]?.GetValue<string>() == "hola mundo");
        Assert.Equal("personal", inbound["conversation"]?["conversationType"]?.GetValue<string>());
        Assert.Equal("msteams", inbound["channelId"]?.GetValue<string>());
        Assert.Equal(sent.MessageId, inbound["id"]?.GetValue<string>() is { } id && id.Length > 0 ? sent.MessageId : "");
        Assert.Equal(e2e.Config.Bot.Id, reply.Raw["message"]?["from"]?["id"]?.GetValue<string>());
    }

    [Fact]
    public async Task Submitting_a_card_sends_its_value_to_the_bot()
    {
        await Playground.SendMessageAsync(PersonalChat, "tarjeta");
        var card = await Playground.WaitForMessageInAsync(PersonalChat, m => m.HasAdaptiveCard);
        Assert.Contains(EchoBot.CardTitle, card.AllText);

        await Playground.SubmitAsync(PersonalChat, card.MessageId, new JsonObject { ["accion"] = "enviar", ["nota"] = "listo" });

        var inbound = await e2e.Bot.WaitForInboundAsync(a => a["value"]?["nota"]?.GetValue<string>() == "listo");
        Assert.Equal(card.MessageId, inbound["replyToId"]?.GetValue<string>());
        Assert.Null(inbound["text"]);
        var reply = await Playground.WaitForMessageInAsync(PersonalChat, m => m.Contains("recibido:"));
        Assert.Contains("\"accion\":\"enviar\"", reply.Text);
    }

    [Fact]
    public async Task An_adaptive_card_action_invoke_returns_the_bots_card_synchronously()
    {
        await Playground.SendMessageAsync(PersonalChat, "tarjeta");
        var card = await Playground.WaitForMessageInAsync(PersonalChat, m => m.HasAdaptiveCard);

        var response = await Playground.InvokeAdaptiveCardActionAsync(PersonalChat, card.MessageId, "ejecutar",
            new JsonObject { ["n"] = 1 });

        Assert.True(response.IsCard, $"type was {response.Type}");
        Assert.Contains("Hecho: ejecutar", response.AllText);
        var inbound = await e2e.Bot.WaitForInboundAsync(a => a["type"]?.GetValue<string>() == "invoke");
        Assert.Equal("adaptiveCard/action", inbound["name"]?.GetValue<string>());
        Assert.Equal("ejecutar", inbound["value"]?["action"]?["verb"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_message_the_bot_updates_is_pushed_as_updateMessage()
    {
        await Playground.SendMessageAsync(PersonalChat, "actualiza");

        var first = await Playground.WaitForMessageInAsync(PersonalChat, m => m.Text == "versión 1");
        var updated = await Playground.WaitForUpdateAsync(first.MessageId);

        Assert.Equal("versión 2", updated.Text);
    }

    [Fact]
    public async Task In_a_group_chat_only_messages_that_mention_the_bot_arrive_with_the_mention()
    {
        var group = e2e.Config.GroupChat.Id;

        await Playground.SendMessageAsync(group, "ayuda", mentionBot: true);

        var reply = await Playground.WaitForMessageInAsync(group);
        Assert.Equal("eco: ayuda", reply.Text);
        var inbound = await e2e.Bot.WaitForInboundAsync(a =>
            a["conversation"]?["id"]?.GetValue<string>() == group && a["type"]?.GetValue<string>() == "message");
        Assert.Equal("groupChat", inbound["conversation"]?["conversationType"]?.GetValue<string>());
        Assert.StartsWith($"<at>{e2e.Config.Bot.Name}</at>", inbound["text"]?.GetValue<string>());
        Assert.Contains(inbound["entities"]!.AsArray(), entity => entity?["type"]?.GetValue<string>() == "mention");

        await Playground.SendMessageAsync(group, "sin mención");
        await Playground.AssertNoMessageAsync(m => m.IsIn(group), TimeSpan.FromSeconds(2), "reply to an unmentioned message");
    }

    [Fact]
    public async Task In_a_channel_a_mention_starts_a_thread_where_the_bot_answers()
    {
        var sent = await Playground.SendMessageAsync(e2e.Config.TeamChannel.Id, "canal", mentionBot: true);

        Assert.StartsWith("team-id;messageid=", sent.ConversationId);
        var reply = await Playground.WaitForMessageInAsync(sent.ConversationId);
        Assert.Equal("eco: canal", reply.Text);
    }

    [Fact]
    public async Task Installing_sends_installationUpdate_and_conversationUpdate_to_the_bot()
    {
        await Playground.InstallAsync(PersonalChat);

        var reply = await Playground.WaitForMessageInAsync(PersonalChat, m => m.Text == "instalado en personal");
        Assert.NotNull(reply);
        await e2e.Bot.WaitForInboundAsync(a => a["type"]?.GetValue<string>() == "conversationUpdate" &&
                                               a["membersAdded"] is JsonArray { Count: > 0 });
    }

    [Fact]
    public async Task A_wait_that_times_out_says_what_arrived()
    {
        await Playground.SendMessageAsync(PersonalChat, "algo");
        await Playground.WaitForMessageInAsync(PersonalChat, m => m.Text == "eco: algo");

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Playground.WaitForMessageAsync(m => m.Text == "nunca", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("eco: algo", error.Message);
    }
}
