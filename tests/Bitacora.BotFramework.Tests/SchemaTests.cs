using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.BotFramework.Tests;

public class SchemaTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    [Theory]
    [InlineData("teams-channel-message.json")]
    [InlineData("teams-invoke-action.json")]
    [InlineData("teams-conversation-update.json")]
    public void Teams_samples_round_trip_without_losing_anything(string sample)
    {
        var original = JsonNode.Parse(Sample(sample))!;
        var activity = BotJson.Deserialize<Activity>(original.ToJsonString())!;
        var written = JsonNode.Parse(BotJson.Serialize(activity))!;

        // Timestamps may be re-formatted (Z vs +00:00); everything else must be identical.
        foreach (var stamp in new[] { "timestamp", "localTimestamp" })
        {
            if (original[stamp] is null) continue;
            Assert.Equal(DateTimeOffset.Parse(original[stamp]!.GetValue<string>(), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(written[stamp]!.GetValue<string>(), CultureInfo.InvariantCulture));
            original.AsObject().Remove(stamp);
            written.AsObject().Remove(stamp);
        }
        Assert.True(JsonNode.DeepEquals(original, written), $"{original.ToJsonString()}\n!=\n{written.ToJsonString()}");
    }

    [Fact]
    public void Unknown_properties_are_kept_at_every_level_and_written_back()
    {
        const string json = """
            {"type":"message","futureField":{"a":[1,2]},"from":{"id":"u1","nickname":"Cami"},
             "conversation":{"id":"c1","color":"blue"},"entities":[{"type":"clientInfo","locale":"es-CL"}]}
            """;
        var activity = BotJson.Deserialize<Activity>(json)!;

        Assert.Equal(JsonValueKind.Object, activity.ExtensionData!["futureField"].ValueKind);
        Assert.Equal("Cami", activity.From!.ExtensionData!["nickname"].GetString());
        Assert.Equal("es-CL", activity.Entities![0].ExtensionData!["locale"].GetString());

        var written = JsonNode.Parse(BotJson.Serialize(activity))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written.ToJsonString());
    }

    [Fact]
    public void Writes_camel_case_and_omits_nulls()
    {
        var json = BotJson.Serialize(Activity.CreateMessage("hola") with { ReplyToId = "r1" });
        Assert.Equal("""{"type":"message","textFormat":"plain","text":"hola","replyToId":"r1"}""", json);
    }

    [Fact]
    public void Teams_channel_data_is_read()
    {
        var channelMessage = BotJson.Deserialize<Activity>(Sample("teams-channel-message.json"))!;
        var data = channelMessage.GetTeamsChannelData();
        Assert.Equal("72f988bf-0000-4000-8000-2d7cd011db47", data.Tenant?.Id);
        Assert.Equal("ETT Región de Valparaíso", data.Team?.Name);
        Assert.Equal("General", data.Channel?.Name);
        Assert.Equal("19:abc123def@thread.tacv2", data.TeamsChannelId);

        var update = BotJson.Deserialize<Activity>(Sample("teams-conversation-update.json"))!;
        Assert.Equal("teamMemberAdded", update.GetTeamsChannelData().EventType);
        Assert.Equal("28:0b7a2f8e-bot", update.MembersAdded!.Single().Id);

        Assert.Null(new Activity { ChannelData = JsonValue.Create(3) }.GetTeamsChannelData().Tenant);
        Assert.Equal("m-1", new Activity { ChannelData = JsonNode.Parse("""{"meeting":{"id":"m-1"}}""") }
            .GetTeamsChannelData().Meeting?.Id);
    }

    [Fact]
    public void Adaptive_card_invoke_value_is_read_with_or_without_trigger()
    {
        var invoke = BotJson.Deserialize<Activity>(Sample("teams-invoke-action.json"))!;
        var value = invoke.GetValue<AdaptiveCardInvokeValue>()!;
        Assert.Equal("Action.Execute", value.Action!.Type);
        Assert.Equal("Registrar", value.Action.Title);
        Assert.Equal("session.save", value.Action.Verb);
        Assert.Equal("s-42", value.Action.Data!["id"]!.GetValue<string>());
        Assert.Equal("manual", value.Trigger);

        var playground = JsonNode.Parse("""{"action":{"type":"Action.Execute","title":"t","verb":"v","data":{}}}""")!;
        Assert.Null(new Activity { Value = playground }.GetValue<AdaptiveCardInvokeValue>()!.Trigger);
    }

    [Fact]
    public void Invoke_responses_have_the_wire_shape()
    {
        var card = AdaptiveCardInvokeResponse.Card(new JsonObject { ["type"] = "AdaptiveCard" });
        Assert.Equal("""{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard"}}""",
            BotJson.Serialize(card));
        Assert.Equal("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Listo"}""",
            BotJson.Serialize(AdaptiveCardInvokeResponse.Message("Listo")));
    }

    [Fact]
    public void Card_message_carries_one_adaptive_card_attachment()
    {
        var activity = Activity.CreateCard(new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" });
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("1.5", attachment.Content!["version"]!.GetValue<string>());
        Assert.Equal(ActivityTypes.Message, activity.Type);
    }

    [Fact]
    public void Conversation_reference_and_continuation_activity()
    {
        var message = BotJson.Deserialize<Activity>(Sample("teams-channel-message.json"))!;
        var reference = message.GetConversationReference();
        Assert.Equal("1741957522413", reference.ActivityId);
        Assert.Equal("29:1Xb3kTq9-user", reference.User!.Id);
        Assert.Equal("28:0b7a2f8e-bot", reference.Bot!.Id);
        Assert.Equal("19:abc123def@thread.tacv2;messageid=1741957522413", reference.Conversation!.Id);
        Assert.Equal("https://smba.trafficmanager.net/amer/", reference.ServiceUrl);
        Assert.Equal("msteams", reference.ChannelId);
        Assert.Equal("es-CL", reference.Locale);

        var roundTripped = BotJson.Deserialize<ConversationReference>(BotJson.Serialize(reference))!;
        var continuation = roundTripped.GetContinuationActivity();
        Assert.Equal(ActivityTypes.Event, continuation.Type);
        Assert.Equal("ContinueConversation", continuation.Name);
        Assert.Equal(reference.Conversation.Id, continuation.Conversation!.Id);
        Assert.Equal(reference.Bot.Id, continuation.Recipient!.Id);
        Assert.Equal(reference.User.Id, continuation.From!.Id);
        Assert.Equal(reference.ServiceUrl, continuation.ServiceUrl);
    }

    [Fact]
    public void One_on_one_conversation_parameters_have_the_teams_shape()
    {
        var json = JsonNode.Parse(BotJson.Serialize(
            ConversationParameters.OneOnOne(new ChannelAccount { Id = "28:bot" }, "29:user", "tenant-1")))!;
        Assert.False(json["isGroup"]!.GetValue<bool>());
        Assert.Equal("29:user", json["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", json["tenantId"]!.GetValue<string>());
        Assert.Equal("tenant-1", json["channelData"]!["tenant"]!["id"]!.GetValue<string>());
    }
}
