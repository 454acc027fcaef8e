using System.Text.Json.Nodes;

namespace Bitacora.BotFramework.Tests;

public class MentionTests
{
    private static Activity Message(string text, params (string Id, string Name)[] mentions) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = "28:bot", Name = "Bitácora" },
        Entities = mentions.Select(m => Entity.From(new Mention
        {
            Mentioned = new ChannelAccount { Id = m.Id, Name = m.Name },
            Text = $"<at>{m.Name}</at>",
        })).Append(new Entity { Type = "clientInfo" }).ToList(),
    };

    [Theory]
    [InlineData("<at>Bitácora</at> ayuda", "ayuda")]
    [InlineData("<at>Bitácora</at>&nbsp;ayuda", "ayuda")]
    [InlineData("ayuda <at>Bitácora</at>", "ayuda")]
    [InlineData("<at>Bitácora</at>\u00A0 sesion   nueva \n", "sesion nueva")]
    [InlineData("ayuda", "ayuda")]
    public void The_bot_mention_is_stripped(string text, string expected) =>
        Assert.Equal(expected, Message(text, ("28:bot", "Bitácora")).TextWithoutMentions());

    [Fact]
    public void Other_peoples_mentions_stay()
    {
        var activity = Message("<at>Bitácora</at> asignar a <at>Camila Rojas</at>",
            ("28:bot", "Bitácora"), ("29:camila", "Camila Rojas"));
        Assert.Equal("asignar a <at>Camila Rojas</at>", activity.TextWithoutMentions());
    }

    [Fact]
    public void The_mention_text_of_the_entity_is_used_even_when_the_display_name_differs()
    {
        var activity = Message("<at>Bitácora Bot</at> ayuda", ("28:bot", "Bitácora Bot"));
        activity.Recipient!.Name = "Bitacora";
        Assert.Equal("ayuda", activity.TextWithoutMentions());
    }

    [Fact]
    public void Without_an_entity_the_recipient_name_is_stripped()
    {
        var activity = Message("<at>Bitácora</at> ayuda");
        Assert.Equal("ayuda", activity.TextWithoutMentions());
    }

    [Fact]
    public void RemoveRecipientMention_cleans_text_and_entity()
    {
        var activity = Message("<at>Bitácora</at> ayuda <at>Camila</at>", ("28:bot", "Bitácora"), ("29:c", "Camila"));
        activity.RemoveRecipientMention();
        Assert.Equal("ayuda <at>Camila</at>", activity.Text);
        var mentions = activity.GetMentions().ToList();
        Assert.Equal("29:c", Assert.Single(mentions).Mentioned!.Id);
        Assert.Contains(activity.Entities!, e => e.Type == "clientInfo");
    }

    [Fact]
    public void Mention_entity_round_trips_through_json()
    {
        var json = BotJson.Serialize(Message("<at>Bitácora</at> hola", ("28:bot", "Bitácora")));
        var entity = JsonNode.Parse(json)!["entities"]![0]!;
        Assert.Equal("mention", entity["type"]!.GetValue<string>());
        Assert.Equal("28:bot", entity["mentioned"]!["id"]!.GetValue<string>());
        Assert.Equal("<at>Bitácora</at>", entity["text"]!.GetValue<string>());
    }
}
