using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A read a feature knows its turn will make, started as the turn arrives so that it runs while the duplicate guard
/// claims the activity instead of after it (a turn's storage requests in sequence are what its latency is made of).
/// <see cref="Start"/> runs on the turn's flow before any middleware: it may only start reads (a read of a duplicate
/// or refused turn is wasted, never harmful) and must store what it started in <see cref="ITurnContext.Items"/>
/// before it returns — the reads themselves never touch the turn. It returns what it started (the turn ends only once
/// that is over, so nothing a turn started outlives it).
/// </summary>
public interface ITurnReadAhead
{
    Task Start(ITurnContext turn, CancellationToken cancellationToken);
}

/// <summary>Starts every <see cref="ITurnReadAhead"/> of the turn, then runs the rest of the pipeline (registered
/// before <see cref="DuplicateActivityMiddleware"/>).</summary>
public sealed class TurnReadAheadMiddleware(IEnumerable<ITurnReadAhead> readers) : ITurnMiddleware
{
    private readonly ITurnReadAhead[] _readers = [.. readers];

    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsType(ActivityTypes.Message) && !turn.Activity.IsType(ActivityTypes.Invoke))
        {
            await next(cancellationToken);
            return;
        }
        var started = Array.ConvertAll(_readers, reader => reader.Start(turn, cancellationToken));
        try
        {
            await next(cancellationToken);
        }
        finally
        {
            // Normally long done (the turn used them); after a duplicate or a refusal, wait for them rather than leave
            // work running past the turn. Their failures belong to whoever used them (an unused one is ignored).
            await Task.WhenAll(started).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
