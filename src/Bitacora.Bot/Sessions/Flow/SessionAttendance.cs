using System.Text.Json.Nodes;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Who is present at a session, as the meeting flow needs it: inputs on the start card, the ticks recorded when the
/// session starts, and the names the status message shows. The Attendance feature implements it; until it is wired,
/// <see cref="NoSessionAttendance"/> (registered with TryAdd) adds nothing and says nobody is marked.
/// </summary>
public interface ISessionAttendance
{
    /// <summary>Card elements appended to the start card's form (e.g. the conversation's members to tick); <paramref name="typed"/> keeps what was ticked when the card comes back.</summary>
    Task<IReadOnlyList<JsonObject>> StartCardElementsAsync(ITurnContext turn, JsonObject? typed, CancellationToken cancellationToken);

    /// <summary>The session <paramref name="session"/> was just started from a start card whose inputs are <paramref name="data"/>.</summary>
    Task SessionStartedAsync(ITurnContext turn, Session session, JsonObject data, CancellationToken cancellationToken);

    /// <summary>Display names of the people present at the session, in display order.</summary>
    Task<IReadOnlyList<string>> PresentNamesAsync(string sessionId, CancellationToken cancellationToken);
}

public sealed class NoSessionAttendance : ISessionAttendance
{
    public Task<IReadOnlyList<JsonObject>> StartCardElementsAsync(ITurnContext turn, JsonObject? typed, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([]);

    public Task SessionStartedAsync(ITurnContext turn, Session session, JsonObject data, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<IReadOnlyList<string>> PresentNamesAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
