using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Texts;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>Issue 10 item 3: a storage outage mid-conversation (a private Azurite, stopped and started again on the
/// same ports with its data on disk). Honest messages, typed values kept on the card, and Teams' redelivery of a
/// failed activity is processed — not swallowed as a duplicate.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly AzuriteFixture _storage = new() { Persistent = true };
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        _bot = await BotPipeline.StartAsync(_storage);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private string Text(string key) => _bot.Get<TextCatalog>()[key];

    [Fact]
    public async Task During_an_outage_answers_are_honest_clicks_keep_typed_values_and_redeliveries_are_processed()
    {
        var chat = Conversation.Personal("a:outage-dm");
        // Warm up: tables exist, the conversation is known.
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(_bot.Message(chat, "hola"))).StatusCode);
        await _bot.Connector.WaitForAsync(c => c.IsReply || c.IsSend);

        await _storage.StopAsync();

        // A typed message: 200 to Teams, and the person is told the truth.
        var message = _bot.Message(chat, "ayuda");
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(message)).StatusCode);
        var apology = await _bot.Connector.WaitForAsync(c => c.Text == Text(TextKeys.StorageUnavailable));
        Assert.DoesNotContain("quedó guardad", apology.Text);

        // A card click with typed text: a card (never an empty 500) that shows the text and retries with the same data.
        const string typed = "Acordamos revisar la asistencia con las familias";
        var click = _bot.Execute(chat, "command", new JsonObject { ["command"] = "ayuda", ["nota"] = typed }, "card-1");
        var response = await _bot.PostAsync(click);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]?.GetValue<string>());
        var card = body["value"]!.ToJsonString();
        Assert.Contains(typed, card);
        var texts = body["value"]!["body"]!.AsArray().Select(b => b?["text"]?.GetValue<string>()).ToList();
        Assert.Contains(Text(TextKeys.NotSavedStorage), texts);
        Assert.Contains(typed, texts);
        var retry = body["value"]!["actions"]![0]!;
        Assert.Equal("command", retry["verb"]?.GetValue<string>());
        Assert.Equal(typed, retry["data"]!["nota"]?.GetValue<string>());
        // Clients without Universal Actions get the same retry as an Action.Submit, like every catalog card.
        Assert.Equal(("Action.Submit", "command", typed), (retry["fallback"]?["type"]?.GetValue<string>(),
            retry["fallback"]?["data"]?["verb"]?.GetValue<string>(), retry["fallback"]?["data"]?["nota"]?.GetValue<string>()));
        Assert.DoesNotContain(texts, t => t!.Contains("quedó guardad", StringComparison.Ordinal));

        await _storage.StartAgainAsync();
        var before = _bot.Connector.Calls.Count;

        // Teams redelivers both activities with their ids: both run now.
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(message)).StatusCode);
        var clickAgain = await _bot.InvokeAsync(click);
        Assert.NotEqual(Text(TextKeys.StillProcessing), clickAgain["value"]?.ToString());
        var helpCards = _bot.Connector.Calls.Skip(before).Where(c => c.Card is not null).ToList();
        Assert.Equal(2, helpCards.Count);
    }
}

/// <summary>The duplicate guard's lease: a claim whose turn never completed (and could not even be released) expires;
/// a redelivery while the first delivery still runs is told to wait, not «Listo.».</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicateLeaseTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite);
    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task ClaimAsync(JsonObject activity, TimeSpan age, string state = "started")
    {
        var table = await _bot.Get<TableClientProvider>().GetAsync("ProcessedActivities");
        var partition = DuplicateActivityMiddleware.ClaimPartition(DateTimeOffset.Parse(activity["timestamp"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture), _bot.Time.GetUtcNow(), activity["conversation"]!["id"]!.GetValue<string>());
        await table.UpsertEntityAsync(new TableEntity(partition, TableKeys.Escape(activity["id"]!.GetValue<string>()))
        {
            ["At"] = _bot.Time.GetUtcNow() - age, ["State"] = state,
        });
    }

    [Fact]
    public async Task A_redelivery_during_the_first_delivery_is_told_to_wait_and_after_the_lease_it_runs()
    {
        var chat = Conversation.Personal("a:lease-dm");
        var click = _bot.Execute(chat, "command", new JsonObject { ["command"] = "ayuda" }, "card-1");
        await ClaimAsync(click, TimeSpan.FromSeconds(10));

        var waiting = await _bot.InvokeAsync(click);
        Assert.Equal(_bot.Get<TextCatalog>()[TextKeys.StillProcessing], waiting["value"]?.GetValue<string>());
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Card is not null);

        _bot.Time.Advance(DuplicateLeaseWindow);
        await _bot.InvokeAsync(click);
        await _bot.Connector.WaitForAsync(c => c.Card is not null);
    }

    [Fact]
    public async Task A_completed_turn_is_acknowledged_once_and_not_run_again()
    {
        var chat = Conversation.Personal("a:lease-dm-2");
        var message = _bot.Message(chat, "ayuda");
        await _bot.PostAsync(message);
        await _bot.Connector.WaitForAsync(c => c.Card is not null);
        var count = _bot.Connector.Calls.Count;

        await _bot.PostAsync(message);
        Assert.Equal(count, _bot.Connector.Calls.Count);
    }

    private static readonly TimeSpan DuplicateLeaseWindow = Bot.Hosting.DuplicateActivityMiddleware.Lease;
}
