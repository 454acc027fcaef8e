using Bitacora.Bot.Conversations;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// Tells the session's conversation (where the commitment was made) what someone did with it, proactively. Best
/// effort: the change is already stored; a failed notice is logged, never shown as a failed action.
/// </summary>
public sealed class CommitmentNotifier(IConnectorClientFactory connectors, ConversationReferenceStore references,
    TeamsRateLimiter limiter, ILogger<CommitmentNotifier> logger)
{
    /// <param name="actingConversationId">Where the action happened: that conversation already sees the updated card.</param>
    public async Task NotifyAsync(Commitment commitment, string text, string? actingConversationId, CancellationToken ct)
    {
        var conversationId = commitment.Origin.ConversationId;
        if (string.IsNullOrWhiteSpace(conversationId) || conversationId == actingConversationId)
        {
            return;
        }
        try
        {
            var serviceUrl = commitment.Origin.ServiceUrl is { Length: > 0 } url
                ? url
                : (await references.GetConversationAsync(conversationId, ct))?.ServiceUrl;
            if (serviceUrl is null)
            {
                logger.LogWarning("No service URL known for {ConversationId}; notice about {Commitment} not sent", conversationId, commitment.Id);
                return;
            }
            await limiter.AcquireAsync(conversationId, ct);
            await connectors.Create(serviceUrl).SendToConversationAsync(conversationId, Activity.CreateMessage(text), ct);
        }
        catch (ConnectorException e)
        {
            if (e.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                limiter.Penalize(conversationId, TimeSpan.FromSeconds(5));
            }
            logger.LogWarning(e, "Could not tell {ConversationId} about commitment {Commitment}", conversationId, commitment.Id);
        }
    }
}
