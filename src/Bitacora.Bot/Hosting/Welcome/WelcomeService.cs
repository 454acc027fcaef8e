using System.Text.Json.Nodes;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting.Welcome;

/// <summary>
/// Posts the welcome card when the bot arrives in a conversation. Teams announces an install twice
/// (installationUpdate and conversationUpdate with the bot among the members added); only the second is used,
/// because every scope (personal, group chat, team) sends it, so each install gets exactly one card.
/// </summary>
public sealed class WelcomeService(HelpCards cards)
{
    public JsonObject Card(string? userName) => cards.Welcome(userName);

    public async Task WelcomeAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        // In a team or group the person who installed is not the audience: greet without a name.
        var name = turn.Activity.Conversation?.IsGroup == true ? null : turn.Activity.From?.Name;
        await turn.SendActivityAsync(Activity.CreateCard(Card(name)), cancellationToken);
    }
}
