using System.Diagnostics;
using System.Text.Json.Nodes;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Observability;

/// <summary>
/// Outermost turn middleware: every log line of the turn carries its conversation, activity and (for card buttons)
/// session id in a scope; the turn is a span and counts in <c>bitacora.turns</c>. What the user typed is never put
/// in the scope or the tags.
/// </summary>
public sealed class TurnTelemetryMiddleware(BitacoraMetrics metrics, ILogger<TurnTelemetryMiddleware> logger) : ITurnMiddleware
{
    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var scope = new Dictionary<string, object?>
        {
            ["ConversationId"] = activity.Conversation?.Id,
            ["ActivityId"] = activity.Id,
            ["ActivityType"] = activity.Type,
        };
        if (SessionId(activity) is { } sessionId)
        {
            scope["SessionId"] = sessionId;
        }

        using var logScope = logger.BeginScope(scope);
        using var span = BitacoraMetrics.Source.StartActivity("turn " + activity.Type, ActivityKind.Internal);
        span?.SetTag("bitacora.activity.type", activity.Type);
        span?.SetTag("bitacora.conversation.type", activity.Conversation?.ConversationType);
        var outcome = "ok";
        try
        {
            await next(cancellationToken);
        }
        catch (Exception e)
        {
            outcome = "error";
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            metrics.Turn(activity.Type ?? "unknown", activity.Conversation?.ConversationType, outcome);
            logger.LogDebug("Turn {ActivityType} ended: {Outcome}", activity.Type, outcome);
        }
    }

    /// <summary>The session a card button belongs to (Action.Execute data or an Action.Submit value).</summary>
    private static string? SessionId(BotFramework.Activity activity)
    {
        if (activity.Value is not JsonObject value)
        {
            return null;
        }
        // Action.Execute: value.action.data; Action.Submit: value itself. Other invokes (fileConsent) have
        // "action" as a plain string.
        var data = value["action"] is JsonObject action && action["data"] is JsonObject executeData ? executeData : value;
        return data["sessionId"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
    }
}
