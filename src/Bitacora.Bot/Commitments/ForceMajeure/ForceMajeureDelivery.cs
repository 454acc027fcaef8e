using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Who reviews a request and how the cards reach people. Reviewers: the advisers who recorded the affected commitments
/// with the unit (the accompanying adviser) and the territorial coordinators of the unit's territory — never the
/// requester. Each gets the card in their 1:1 chat (stored conversation, else one created through the connector); if
/// nobody can be reached, the card goes to the conversation where the first affected commitment was made.
/// Best effort: the request is already stored; a failed send is logged. Every review card sent is recorded
/// (<see cref="ForceMajeureReviewCards"/>) so a decision updates the other reviewers' copies in place.
/// </summary>
public sealed class ForceMajeureDelivery(IConnectorClientFactory connectors, ConversationReferenceStore references, PersonStore people,
    UnitStore units, CommitmentStore commitments, ForceMajeureReviewCards reviewCards, ILogger<ForceMajeureDelivery> logger)
{
    /// <summary>Sends <paramref name="card"/> to the reviewers; returns the names of those reached (empty: posted to the session).</summary>
    public async Task<IReadOnlyList<string>> ToReviewersAsync(ForceMajeureRequest request, JsonObject card, CancellationToken ct)
    {
        var reached = new List<string>();
        foreach (var person in await ReviewersAsync(request, ct))
        {
            if (await SendPersonalAsync(person, request.ReplyTo, card, ct) is { } sent)
            {
                reached.Add(person.Name);
                await RecordAsync(request, sent, ct);
            }
        }
        if (reached.Count == 0 && request.Items.Count > 0
            && await commitments.GetAsync(request.Unit, request.Items[0].CommitmentId, ct) is { Origin: var origin }
            && origin.ConversationId.Length > 0)
        {
            if (await SendAsync(origin.ServiceUrl ?? (await references.GetConversationAsync(origin.ConversationId, ct))?.ServiceUrl,
                    origin.ConversationId, card, ct) is { } sent)
            {
                await RecordAsync(request, sent, ct);
            }
        }
        return reached;
    }

    /// <summary>The requester's card, in the conversation they asked from.</summary>
    public async Task ToRequesterAsync(ForceMajeureRequest request, JsonObject card, CancellationToken ct)
    {
        if (request.ReplyTo is { } reply)
        {
            _ = await SendAsync(reply.ServiceUrl ?? (await references.GetConversationAsync(reply.ConversationId, ct))?.ServiceUrl,
                reply.ConversationId, card, ct);
        }
    }

    /// <summary>The accompanying advisers (who recorded the commitments) and the territory's coordinators, requester excluded.</summary>
    public async Task<IReadOnlyList<Person>> ReviewersAsync(ForceMajeureRequest request, CancellationToken ct)
    {
        var found = new List<Person>();
        foreach (var item in request.Items)
        {
            if (await commitments.GetAsync(request.Unit, item.CommitmentId, ct) is { CreatedBy: var creator }
                && creator.Id.Contains('@', StringComparison.Ordinal) && await people.FindByEmailAsync(creator.Id, ct) is { } adviser
                && (adviser.Roles.AsesorEtt || adviser.Roles.ProfesionalUatp || adviser.Roles.CoordinatedTerritories.Count > 0))
            {
                found.Add(adviser);
            }
        }
        if (Registry.Identifiers.UnitCode.TryParse(request.Unit, out var code) && await units.GetAsync(code, ct) is { TerritoryId: { } territory })
        {
            found.AddRange((await people.ListByTerritoryAsync(territory, ct)).Where(p => p.Roles.CoordinatedTerritories.Contains(territory)));
        }
        var requester = request.RequestedBy.Keys;
        return found.DistinctBy(p => p.Email)
            .Where(p => !Registry.Identity.PersonKeys.All(p.Email, p.AadObjectId, p.TeamsUserId).Any(k => requester.Contains(k, StringComparer.Ordinal)))
            .ToList();
    }

    private async Task RecordAsync(ForceMajeureRequest request, ForceMajeureReviewCards.CardRef card, CancellationToken ct)
    {
        if (card.ActivityId.Length == 0)
        {
            return;
        }
        try
        {
            await reviewCards.RecordAsync(request.Id, card, ct);
        }
        catch (Azure.RequestFailedException e)
        {
            logger.LogWarning(e, "Could not record the review card of request {RequestId}; it will not be updated in place", request.Id);
        }
    }

    private async Task<ForceMajeureReviewCards.CardRef?> SendPersonalAsync(Person person, ForceMajeureReplyTo? context, JsonObject card, CancellationToken ct)
    {
        try
        {
            var address = (person.TeamsUserId is { Length: > 0 } teams ? await references.GetUserAsync(teams, ct) : null)
                          ?? (person.AadObjectId is { Length: > 0 } aad ? await references.GetUserByAadObjectIdAsync(aad, ct) : null);
            if (address?.PersonalConversationId is { Length: > 0 } personal)
            {
                var posted = await connectors.Create(address.ServiceUrl).SendToConversationAsync(personal, Activity.CreateCard(card), ct);
                return Ref(address.ServiceUrl, personal, posted);
            }
            var serviceUrl = address?.ServiceUrl ?? context?.ServiceUrl;
            var tenant = address?.TenantId ?? context?.TenantId;
            var userId = address?.UserId ?? person.TeamsUserId ?? person.AadObjectId;
            if (serviceUrl is null || tenant is null || userId is null)
            {
                return null;
            }
            var botId = address?.BotId ?? context?.BotId;
            var connector = connectors.Create(serviceUrl);
            var created = await connector.CreateConversationAsync(
                ConversationParameters.OneOnOne(botId is null ? null : new ChannelAccount { Id = botId }, userId, tenant), ct);
            if (created.Id is not { Length: > 0 } conversationId)
            {
                return null;
            }
            return Ref(serviceUrl, conversationId, await connector.SendToConversationAsync(conversationId, Activity.CreateCard(card), ct));
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Could not send the force-majeure card to {Person}", person.Email);
            return null;
        }
    }

    /// <summary>A reached card (a send without an id — never in Teams for a single card — still counts as reached).</summary>
    private static ForceMajeureReviewCards.CardRef Ref(string serviceUrl, string conversationId, ResourceResponse? posted) =>
        new(serviceUrl, conversationId, posted?.Id ?? "");

    private async Task<ForceMajeureReviewCards.CardRef?> SendAsync(string? serviceUrl, string conversationId, JsonObject card, CancellationToken ct)
    {
        if (serviceUrl is null)
        {
            logger.LogWarning("No service URL known for {ConversationId}; force-majeure card not sent", conversationId);
            return null;
        }
        try
        {
            return Ref(serviceUrl, conversationId, await connectors.Create(serviceUrl).SendToConversationAsync(conversationId, Activity.CreateCard(card), ct));
        }
        catch (ConnectorException e)
        {
            logger.LogWarning(e, "Could not send the force-majeure card to {ConversationId}", conversationId);
            return null;
        }
    }
}
