using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Welcome;

/// <summary>
/// Posts the welcome card when the bot arrives in a conversation. Teams (and the Playground, on every page load)
/// announce an install twice — installationUpdate and conversationUpdate — so a durable marker per conversation
/// keeps it to one card, even across instances.
/// </summary>
public sealed class WelcomeService(HelpCards cards, TableClientProvider tables, TimeProvider time)
{
    private const string TableName = "Welcomes";
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(2);

    public JsonObject Card(string? userName) => cards.Welcome(userName);

    public async Task<bool> WelcomeOnceAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return false;
        }
        if (!await ClaimAsync(conversationId, cancellationToken))
        {
            return false;
        }
        // In a team or group the person who installed is not the audience: greet without a name.
        var name = turn.Activity.Conversation.IsGroup == true ? null : turn.Activity.From?.Name;
        await turn.SendActivityAsync(Activity.CreateCard(Card(name)), cancellationToken);
        return true;
    }

    private async Task<bool> ClaimAsync(string conversationId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var key = TableKeys.Escape(conversationId);
        var now = time.GetUtcNow();
        try
        {
            await table.AddEntityAsync(new TableEntity(key, "welcome") { ["At"] = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(key, "welcome", cancellationToken: cancellationToken);
            if (now - (existing.Value.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue) < QuietPeriod)
            {
                return false;
            }
            try
            {
                existing.Value["At"] = now;
                await table.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return false; // another instance welcomed at this very moment
            }
        }
    }
}
