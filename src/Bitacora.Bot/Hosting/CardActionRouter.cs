using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Finds the <see cref="ICardAction"/> for a verb and enforces its <see cref="ICardAction.Rule"/> through the
/// <see cref="VerbGate"/> before the handler runs; an unknown verb (an old card) or a refusal gets a Spanish answer and
/// the handler never runs.
/// </summary>
public sealed class CardActionRouter
{
    private readonly Dictionary<string, ICardAction> _byVerb;
    private readonly TextCatalog _texts;
    private readonly VerbGate _gate;
    private readonly ILogger<CardActionRouter> _logger;
    private readonly Observability.BitacoraMetrics _metrics;

    public CardActionRouter(IEnumerable<ICardAction> actions, TextCatalog texts, VerbGate gate, Observability.BitacoraMetrics metrics,
        ILogger<CardActionRouter> logger)
    {
        _byVerb = new Dictionary<string, ICardAction>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!_byVerb.TryAdd(action.Verb, action))
            {
                throw new InvalidOperationException($"Two card actions answer to verb '{action.Verb}'.");
            }
            if (action.Rule is null)
            {
                throw new InvalidOperationException($"Card action '{action.Verb}' ({action.GetType().Name}) declares no authorization rule.");
            }
        }
        _texts = texts;
        _gate = gate;
        _logger = logger;
        _metrics = metrics;
    }

    public IReadOnlyCollection<ICardAction> Actions => _byVerb.Values;

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
            var decision = await _gate.CheckAsync(turn, verb, action.Rule, "", data, cancellationToken);
            if (decision is GateDecision.Refused refused)
            {
                _metrics.CardAction(verb, "refused");
                return refused.Message is null ? new CardActionResult.Handled() : new CardActionResult.Refused(refused.Message);
            }
            var context = new CardActionContext(turn, verb, data, turn.Activity.ReplyToId)
            {
                Access = ((GateDecision.Allowed)decision).Access,
            };
            result = await action.HandleAsync(context, cancellationToken);
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

    /// <summary>Anyone may press it: the command it names is checked by the router exactly as if it had been typed.</summary>
    public AccessRule Rule => AccessRule.Anyone;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        // Resolved late: the bot depends on the card actions, and this action needs the bot.
        var bot = services.GetRequiredService<BitacoraBot>();
        var refusal = await bot.RunCommandAsync(context.Turn, context.GetString("command") ?? "", cancellationToken);
        return refusal is null ? new CardActionResult.Handled() : new CardActionResult.Refused(refusal);
    }
}
