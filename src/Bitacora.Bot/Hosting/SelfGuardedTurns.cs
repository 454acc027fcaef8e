using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Turns that guard themselves against Teams' redeliveries, so <see cref="DuplicateActivityMiddleware"/> does not
/// claim them. A feature may declare a kind of turn here only if the turn's one lasting effect is a single
/// entity-group transaction that also records the activity's id, where a redelivery's read finds it and a redelivery's
/// own transaction cannot commit again even while the first delivery still runs (an insert-only row, or a marker on a
/// row whose transaction is conditional on the rows the turn changes). Everything else such a turn does must be a read
/// or a write that repeats harmlessly. Such a turn saves the claim's insert before it and its «done» after it.
/// </summary>
public interface ISelfGuardedTurns
{
    /// <summary>True when <paramref name="activity"/> is a turn of this kind.</summary>
    bool Covers(Activity activity);
}
