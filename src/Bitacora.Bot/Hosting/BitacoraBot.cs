using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Texts;
using Bitacora.Bot.Hosting.Welcome;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// The bot's single entry point after the protocol layer: it only routes. Typed text goes to an
/// <see cref="IBotCommand"/>, card buttons (Action.Execute invokes and their Action.Submit fallbacks) to an
/// <see cref="ICardAction"/>, installs to the welcome. Features live in their folders.
/// </summary>
public sealed class BitacoraBot(
    CommandRouter router,
    CardActionRouter actions,
    VerbGate gate,
    WelcomeService welcome,
    HelpCards helpCards,
    TextCatalog texts,
    Files.FileConsentHandler fileConsent,
    SearchInvokeHandler search,
    IEnumerable<IIncomingFilesHandler> incomingFiles,
    SharedCardUpdates shared,
    ILogger<BitacoraBot> logger) : ActivityHandler
{
    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "hi", "hello", "inicio", "empezar", "start",
    };

    protected override async Task OnMessageActivityAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.Attachments is { Count: > 0 })
        {
            foreach (var handler in incomingFiles)
            {
                if (await handler.TryHandleAsync(turn, cancellationToken))
                {
                    return;
                }
            }
        }
        if (CardActionData.Of(turn.Activity) is { } submitted)
        {
            var result = await actions.DispatchAsync(turn, submitted.Verb, submitted.Data, cancellationToken);
            await ApplyToSubmittedCardAsync(turn, result, cancellationToken);
            return;
        }
        await RunTextAsync(turn, turn.Activity.TextWithoutMentions(), cancellationToken);
    }

    /// <summary>
    /// Runs typed text (or a card button that stands for a command) as a command, after the command's
    /// <see cref="IBotCommand.Rule"/> is enforced; a refusal is answered in Spanish and the command does not run.
    /// </summary>
    public async Task RunTextAsync(ITurnContext turn, string text, CancellationToken cancellationToken)
    {
        if (await RunCommandAsync(turn, text, cancellationToken) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="text"/> as <see cref="RunTextAsync"/> does, but gives back the Spanish refusal (if the
    /// command's rule refused the sender) instead of sending it: a card button shows it on the card.
    /// </summary>
    public async Task<string?> RunCommandAsync(ITurnContext turn, string text, CancellationToken cancellationToken)
    {
        if (router.Match(text) is { } match)
        {
            var decision = await gate.CheckAsync(turn, match.Name, match.Command.Rule, match.Arguments, new JsonObject(), cancellationToken);
            if (decision is GateDecision.Refused refused)
            {
                return refused.Message;
            }
            var context = new CommandContext(turn, match.Arguments) { Access = ((GateDecision.Allowed)decision).Access };
            await match.Command.HandleAsync(context, cancellationToken);
            return null;
        }

        var normalized = CommandText.Normalize(text);
        if (Greetings.Contains(normalized))
        {
            await turn.SendActivityAsync(Activity.CreateCard(welcome.Card(turn.Activity.From?.Name)), cancellationToken);
            return null;
        }

        // What people type stays out of Information logs (they reach Application Insights); Debug is local only.
        logger.LogInformation("Unrecognised text ({Length} characters) in {ConversationType}", text.Length,
            turn.Activity.Conversation?.ConversationType);
        logger.LogDebug("Unrecognised text: {Text}", Truncate(text));
        var intro = normalized.Length == 0 ? texts[TextKeys.EmptyMessage] : texts.Format(TextKeys.UnknownCommand, Truncate(text));
        await turn.SendActivityAsync(Activity.CreateCard(helpCards.Help(intro)), cancellationToken);
        return null;
    }

    protected override async Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, ITurnContext turn,
        CancellationToken cancellationToken)
    {
        // The bot itself among the added members means it was just installed in this conversation.
        if (membersAdded.Any(m => m.Id == turn.Activity.Recipient?.Id))
        {
            await welcome.WelcomeAsync(turn, cancellationToken);
        }
    }

    /// <summary>Teams' file consent (Files/) and typeahead searches besides the card actions.</summary>
    protected override Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        turn.Activity.Name switch
        {
            var n when string.Equals(n, Files.FileConsentHandler.InvokeName, StringComparison.OrdinalIgnoreCase) =>
                fileConsent.HandleAsync(turn, cancellationToken),
            // Dynamic typeahead of Input.ChoiceSet (Data.Query): see SearchInvokes.cs.
            var n when string.Equals(n, SearchInvokeHandler.InvokeName, StringComparison.OrdinalIgnoreCase) =>
                search.HandleAsync(turn, cancellationToken),
            _ => base.OnInvokeActivityAsync(turn, cancellationToken),
        };

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turn,
        AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var action = CardActionData.Of(turn.Activity);
        var data = action?.Data ?? new JsonObject();
        var verb = action?.Verb;
        // A failure propagates: the duplicate guard releases its claim (Teams' retry runs again) and
        // SpanishTurnErrorHandler answers with a card that keeps what was typed.
        var result = await actions.DispatchAsync(turn, verb, data, cancellationToken);

        switch (result)
        {
            case CardActionResult.ReplaceCard replace:
                // The invoke response refreshes the clicker's view at once; everyone else's right after (off the
                // invoke's critical path, failures reported in the conversation — see SharedCardUpdates).
                await UpdateCardForEveryoneAsync(turn, replace.Card, cancellationToken);
                return AdaptiveCardInvokeResponse.Card(replace.Card);
            case CardActionResult.ShowCard show:
                return AdaptiveCardInvokeResponse.Card(show.Card);
            case CardActionResult.Message message:
                return AdaptiveCardInvokeResponse.Message(message.Text);
            case CardActionResult.Refused refused:
                return AdaptiveCardInvokeResponse.Message(refused.Text);
            default:
                return AdaptiveCardInvokeResponse.Message(texts[TextKeys.Done]);
        }
    }

    private async Task ApplyToSubmittedCardAsync(ITurnContext turn, CardActionResult result, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case CardActionResult.ReplaceCard replace:
                await UpdateCardForEveryoneAsync(turn, replace.Card, cancellationToken);
                break;
            case CardActionResult.ShowCard { PostForSubmit: true } show:
                await turn.SendActivityAsync(Activity.CreateCard(show.Card), cancellationToken);
                break;
            case CardActionResult.Message message:
                await turn.SendTextAsync(message.Text, cancellationToken);
                break;
            case CardActionResult.Refused refused:
                await turn.SendTextAsync(refused.Text, cancellationToken);
                break;
        }
    }

    private async Task UpdateCardForEveryoneAsync(ITurnContext turn, JsonObject card, CancellationToken cancellationToken)
    {
        if (turn.Activity.ReplyToId is not { Length: > 0 } cardActivityId
            || turn.Activity.ServiceUrl is not { Length: > 0 } serviceUrl || turn.Activity.Conversation?.Id is not { } conversationId)
        {
            await turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
            return;
        }
        shared.Enqueue(new SharedCardUpdate("card:" + conversationId + "/" + cardActivityId, serviceUrl, conversationId, cardActivityId,
            _ => Task.FromResult<JsonObject?>(card)));
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
