using System.Text.Json.Nodes;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>Finds the <see cref="ICardAction"/> for a verb; an unknown verb (an old card) gets a Spanish refusal.</summary>
public sealed class CardActionRouter
{
    private readonly Dictionary<string, ICardAction> _byVerb;
    private readonly TextCatalog _texts;
    private readonly ILogger<CardActionRouter> _logger;
    private readonly Observability.BitacoraMetrics _metrics;

    public CardActionRouter(IEnumerable<ICardAction> actions, TextCatalog texts, Observability.BitacoraMetrics metrics,
        ILogger<CardActionRouter> logger)
    {
        _byVerb = new Dictionary<string, ICardAction>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!_byVerb.TryAdd(action.Verb, action))
            {
                throw new InvalidOperationException($"Two card actions answer to verb '{action.Verb}'.");
            }
        }
        _texts = texts;
        _logger = logger;
        _metrics = metrics;
    }

    public async Task<CardActionResult> DispatchAsync(ITurnContext turn, string? verb, JsonObject data, CancellationToken cancellationToken)
    {
        if (verb is null || !_byVerb.TryGetValue(verb, out var action))
        {
            _logger.LogWarning("Card action with unknown verb {Verb}", verb);
            _metrics.CardAction("unknown", "refused");
            return new CardActionResult.Refused(_texts[TextKeys.UnknownAction]);
        }
        CardActionResult result;
        try
        {
            result = await action.HandleAsync(new CardActionContext(turn, verb, data, turn.Activity.ReplyToId), cancellationToken);
        }
        catch
        {
            _metrics.CardAction(verb, "error");
            throw;
        }
        _metrics.CardAction(verb, result switch
        {
            CardActionResult.ReplaceCard => "card",
            CardActionResult.Message => "message",
            CardActionResult.Refused => "refused",
            _ => "handled",
        });
        return result;
    }
}

/// <summary>
/// A card button that stands for a typed command (welcome and help cards): {"verb": "command", "command": "ayuda"}.
/// The command runs exactly as if it had been typed, and the card that held the button stays as it was.
/// </summary>
public sealed class RunCommandCardAction(IServiceProvider services) : ICardAction
{
    public string Verb => "command";

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        // Resolved late: the bot depends on the card actions, and this action needs the bot.
        var bot = services.GetRequiredService<BitacoraBot>();
        await bot.RunTextAsync(context.Turn, context.GetString("command") ?? "", cancellationToken);
        return new CardActionResult.Handled();
    }
}
