using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Bitacora.BotFramework.Tests.Infrastructure;

/// <summary>A small bot for the tests: echoes commands, answers Action.Execute with a card naming the verb.</summary>
public sealed class RecordingBot : ActivityHandler
{
    public ConcurrentQueue<Activity> Seen { get; } = new();

    public override Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        Seen.Enqueue(turn.Activity);
        return base.OnTurnAsync(turn, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var command = turn.Activity.TextWithoutMentions();
        if (command == "falla") throw new InvalidOperationException("boom");
        if (command == "nada") return;
        await turn.SendActivityAsync(Activity.CreateMessage($"eco: {command}"), cancellationToken);
    }

    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turn,
        AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        if (invokeValue.Action?.Verb == "falla") throw new InvalidOperationException("boom");
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = $"{invokeValue.Action?.Verb}:{invokeValue.Action?.Data?["id"]}",
            }),
        };
        return Task.FromResult(AdaptiveCardInvokeResponse.Card(card));
    }
}
