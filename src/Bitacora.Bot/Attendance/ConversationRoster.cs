using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Attendance;

/// <summary>
/// The people of the turn's conversation, through the paged members API (<see cref="ConnectorClientExtensions.GetAllMembersAsync"/>)
/// and keyed the one way every feature keys people (<see cref="PersonIdentity"/>); the bot itself is left out. A
/// connector failure yields an empty roster (the card then asks for names), never a failed turn. Kept for the meeting
/// (<see cref="AttendanceCache"/>): the attendance card is drawn on open and after every save, members rarely change.
/// </summary>
public sealed class ConversationRoster(AttendanceCache cache, ILogger<ConversationRoster> logger)
{
    /// <summary>Upper bound of members read (a big team channel); the card shows fewer (see <see cref="AttendanceCards.MaxChoices"/>).</summary>
    public const int MaxMembers = 1_000;

    public Task<IReadOnlyList<PersonIdentity>> MembersAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId || string.IsNullOrEmpty(turn.Activity.ServiceUrl))
        {
            return Task.FromResult<IReadOnlyList<PersonIdentity>>([]);
        }
        return cache.MembersAsync(conversationId, () => ReadAsync(turn, conversationId, ct));
    }

    private async Task<IReadOnlyList<PersonIdentity>> ReadAsync(ITurnContext turn, string conversationId, CancellationToken ct)
    {
        try
        {
            var members = await turn.Connector.GetAllMembersAsync(conversationId, maxMembers: MaxMembers, cancellationToken: ct);
            return members
                .Where(m => m.Id != turn.Activity.Recipient?.Id)
                .Select(PersonIdentity.FromMember)
                .OfType<PersonIdentity>()
                .DistinctBy(p => p.Key)
                .ToList();
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or System.Text.Json.JsonException)
        {
            logger.LogWarning(e, "Could not read the members of {ConversationId} for the attendance", conversationId);
            return [];
        }
    }
}
