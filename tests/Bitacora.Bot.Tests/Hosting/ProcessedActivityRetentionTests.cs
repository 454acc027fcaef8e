using System.Net;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>Duplicate-protection claims live in day partitions and the retention sweep deletes expired days whole.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessedActivityRetentionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite);
    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<List<TableEntity>> ClaimsAsync()
    {
        var table = await _bot.Get<TableClientProvider>().GetAsync(DuplicateActivityMiddleware.TableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>()) rows.Add(row);
        return rows;
    }

    [Fact]
    public async Task Claims_are_kept_for_the_retention_days_then_swept_by_day_and_a_retry_is_still_caught_meanwhile()
    {
        var chat = Conversation.Personal("a:retention");
        var old = _bot.Message(chat, "ayuda");
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(old)).StatusCode);
        await _bot.Connector.WaitForAsync(c => c.ConversationId == chat.Id);

        var claim = Assert.Single(await ClaimsAsync());
        Assert.Equal("20260504|a:retention", claim.PartitionKey); // the activity's UTC day, then the conversation
        Assert.Equal(old["id"]!.GetValue<string>(), claim.RowKey);

        // A day later: a fresh message, and Teams redelivering the old one (same id and timestamp) is still a duplicate.
        _bot.Time.Advance(TimeSpan.FromDays(1));
        var fresh = _bot.Message(chat, "ayuda");
        await _bot.PostAsync(fresh);
        _bot.Connector.Clear();
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(old)).StatusCode);
        Assert.Empty(_bot.Connector.Calls);

        var retention = _bot.Get<ProcessedActivityRetention>();
        Assert.Equal(0, await retention.RunAsync(CancellationToken.None)); // 1 day old: kept (2 days by default)

        _bot.Time.Advance(TimeSpan.FromDays(2)); // the old claim's day is now 3 days back, the fresh one's 2
        Assert.Equal(1, await retention.RunAsync(CancellationToken.None));
        var left = Assert.Single(await ClaimsAsync());
        Assert.Equal(fresh["id"]!.GetValue<string>(), left.RowKey);
    }
}
