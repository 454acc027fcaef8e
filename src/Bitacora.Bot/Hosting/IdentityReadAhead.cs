using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Starts resolving the sender as a message or a card action arrives (<see cref="ITurnReadAhead"/>), so that a first
/// contact's registry read runs with the turn's other reads (and the duplicate guard's claim); <see cref="TurnIdentityMiddleware"/>
/// and every feature then share that one resolution (<see cref="ITurnIdentity.GetAsync"/> keeps it for the turn). A
/// known sender is served from memory and starts nothing. Linking a first contact's ids is the only write it may do,
/// and writing the same ids twice is harmless.
/// </summary>
public sealed class IdentityReadAhead(ITurnIdentity identity) : ITurnReadAhead
{
    public Task Start(ITurnContext turn, CancellationToken cancellationToken) => identity.GetAsync(turn, cancellationToken);
}
