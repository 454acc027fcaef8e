using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// When a turn fails, the person gets an honest Spanish answer instead of silence or an empty HTTP 500; the details
/// go to the log (never to the client). Typed messages get a sentence (their text stays in the chat to send again);
/// card clicks get a card that keeps what was typed and a «Reintentar» button carrying the same data. Nothing here
/// says «guardado»: a failed turn may have stored nothing.
/// </summary>
public sealed class SpanishTurnErrorHandler(TextCatalog texts, ILogger<SpanishTurnErrorHandler> logger) : ITurnErrorHandler
{
    public async Task OnTurnErrorAsync(ITurnContext turn, Exception exception, CancellationToken cancellationToken)
    {
        var storage = IsStorageOutage(exception);
        logger.LogError(exception, "Turn failed for {Type} {ActivityId} in {ConversationId}{Storage}",
            turn.Activity.Type, turn.Activity.Id, turn.Activity.Conversation?.Id, storage ? " (storage unavailable)" : "");

        if (turn.Activity.IsType(ActivityTypes.Invoke))
        {
            if (string.Equals(turn.Activity.Name, "adaptiveCard/action", StringComparison.OrdinalIgnoreCase))
            {
                var value = turn.Activity.Value as JsonObject;
                var action = value?["action"] as JsonObject;
                var data = action?["data"] as JsonObject ?? new JsonObject();
                var verb = action?["verb"]?.ToString() ?? data["verb"]?.ToString();
                turn.InvokeResponse = new InvokeResponse(200,
                    AdaptiveCardInvokeResponse.Card(NotSavedCard.Build(texts, storage, verb, data)));
            }
            else
            {
                // Other invokes: a Spanish sentence rather than an empty 500.
                turn.InvokeResponse = new InvokeResponse(200,
                    AdaptiveCardInvokeResponse.Message(texts[storage ? TextKeys.StorageUnavailable : TextKeys.Unexpected]));
            }
            return;
        }

        if (turn.Activity.IsType(ActivityTypes.Message))
        {
            try
            {
                await turn.SendTextAsync(texts[storage ? TextKeys.StorageUnavailable : TextKeys.Unexpected], cancellationToken);
            }
            catch (Exception sendFailure) when (sendFailure is not OperationCanceledException)
            {
                logger.LogWarning(sendFailure, "Could not send the apology either");
            }
        }
    }

    /// <summary>Table/Blob Storage unreachable or failing on its side (not a conflict or a bad request of ours).</summary>
    public static bool IsStorageOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ConnectorException:
                    return false;
                case Azure.RequestFailedException r when r.Status is 0 or 408 or 429 or >= 500:
                    return true;
                case SocketException or TimeoutException:
                    return true;
                case HttpRequestException when e.StackTrace?.Contains("Azure.", StringComparison.Ordinal) == true:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsStorageOutage):
                    return true;
            }
        }
        return false;
    }
}

/// <summary>The invoke answer of a failed card click: what happened, what was typed, and «Reintentar» with the same
/// verb and data, so nothing typed is lost.</summary>
public static class NotSavedCard
{
    private const int MaxShownValues = 12;
    private const int MaxShownLength = 600;

    public static JsonObject Build(TextCatalog texts, bool storage, string? verb, JsonObject data)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock", ["text"] = texts[TextKeys.NotSavedTitle], ["weight"] = "Bolder",
                ["size"] = "Medium", ["wrap"] = true, ["color"] = "Attention",
            },
            new JsonObject
            {
                ["type"] = "TextBlock", ["wrap"] = true,
                ["text"] = texts[storage ? TextKeys.NotSavedStorage : TextKeys.NotSavedUnexpected],
            },
        };

        var typed = data.Where(p => p.Key != "verb" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
                                    && !string.IsNullOrWhiteSpace(s) && s.Contains(' '))
            .Select(p => p.Value!.GetValue<string>()).Take(MaxShownValues).ToList();
        if (typed.Count > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = texts[TextKeys.NotSavedTyped], ["wrap"] = true, ["spacing"] = "Medium" });
            foreach (var value in typed)
            {
                body.Add(new JsonObject
                {
                    ["type"] = "TextBlock", ["wrap"] = true, ["isSubtle"] = true,
                    ["text"] = value.Length <= MaxShownLength ? value : value[..MaxShownLength] + "…",
                });
            }
        }

        var retryData = data.DeepClone().AsObject();
        if (verb is not null) retryData["verb"] = verb;
        var actions = new JsonArray();
        if (verb is not null)
        {
            actions.Add(new JsonObject
            {
                ["type"] = "Action.Execute", ["title"] = texts[TextKeys.NotSavedRetry], ["verb"] = verb, ["data"] = retryData,
            });
        }

        // Built here, not from a template (it must work when the catalog could not be read): the «Reintentar» button
        // gets its Action.Submit fallback like every catalog card.
        return UniversalActions.WithSubmitFallbacks(new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        });
    }
}
