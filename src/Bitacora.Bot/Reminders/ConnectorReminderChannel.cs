using System.Net;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Registry.Storage;
using Bitacora.BotFramework;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// Reminders over the Bot Framework connector.
/// <list type="bullet">
/// <item>Personal: the responsible's stored 1:1 conversation (ConversationReferenceStore by Teams user id, then AAD
/// object id, then the registry's Teams id for a unit contact); if none, POST /v3/conversations with tenant + user id
/// on the stored (or commitment's) service URL, then the card.</item>
/// <item>Session conversation (the sweep's fallback after 403/404): the card with a real Teams mention of the person.</item>
/// </list>
/// Outcomes: 2xx → Delivered; 403/404 → Unreachable; 429/503 → RetryLater; anything else → Failed.
/// <para>
/// Two retry layers, one budget: the connector's HttpClient already retries 429 inline within
/// BotFramework:Retry:MaxTotalTime (30 s); a POST answered 5xx is not repeated there (it may have been delivered).
/// A 429/503 that reaches us carries the server's Retry-After (<see cref="ConnectorException.RetryAfter"/>) and means
/// that budget is spent (or the server asked for longer), so the sweep must not wait inline again — that would multiply the waits (5 sweep attempts × 30 s)
/// past the outbox lease (Reminders:SendLease, 2 min) and let another sweep resend the same reminder. We report
/// RetryLater with at least Reminders:MaxInlineRetryAfter + 1 s, which makes the sweep re-queue the reminder through the
/// due index (durable, no lease held) instead of sleeping. The rate limiter is taken by the sweep before each send.
/// </para>
/// <para>
/// <see cref="ProbeAsync"/> stays <see cref="DeliveryProbe.Unknown"/>: Teams ignores client-chosen activity ids and has
/// no idempotency key or "find my message" call, so a journal row written before the send cannot tell "sent" from
/// "not sent". The window (sent, then the process died before the outbox said so) is made harmless instead: the
/// resent card says "Si ya recibiste este recordatorio, ignóralo." and its buttons carry the commitment version.
/// </para>
/// </summary>
public sealed class ConnectorReminderChannel(
    IConnectorClientFactory connectors,
    ConversationReferenceStore references,
    CommitmentViews views,
    ReminderOptions options,
    PersonStore people,
    IOptions<BotFrameworkOptions> botOptions,
    ILogger<ConnectorReminderChannel> logger) : IReminderChannel
{
    public async Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var card = await views.ReminderCardAsync(message.Commitment, CommitmentCardMode.Reminder, message.Kind,
                message.PossibleRedelivery, cancellationToken);
            return message.Target switch
            {
                ReminderTarget.Personal personal => await SendPersonalAsync(personal, message.Commitment.Origin, card, cancellationToken),
                ReminderTarget.SessionConversation session => await SendToSessionAsync(session, card, cancellationToken),
                _ => new DeliveryResult.Failed("unknown target"),
            };
        }
        catch (ConnectorException e)
        {
            return Map(e, e.RetryAfter);
        }
    }

    private DeliveryResult Map(ConnectorException e, TimeSpan? serverRetryAfter)
    {
        var reason = $"{(int?)e.StatusCode} {e.Body?[..Math.Min(200, e.Body.Length)]}".Trim();
        switch (e.StatusCode)
        {
            case HttpStatusCode.Forbidden or HttpStatusCode.NotFound:
                return new DeliveryResult.Unreachable((int)e.StatusCode!, reason);
            case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                var floor = options.MaxInlineRetryAfter + TimeSpan.FromSeconds(1);
                var wait = serverRetryAfter is { } s && s > floor ? s : floor;
                return new DeliveryResult.RetryLater(wait, reason);
            default:
                logger.LogWarning(e, "Reminder send failed");
                return new DeliveryResult.Failed(e.StatusCode is null ? "no answer from the connector: " + e.InnerException?.Message : reason);
        }
    }

    private async Task<DeliveryResult> SendPersonalAsync(ReminderTarget.Personal target, CommitmentOrigin origin,
        System.Text.Json.Nodes.JsonObject card, CancellationToken ct)
    {
        var person = target.Person;
        var address = await FindUserAsync(person, ct);
        if (address?.PersonalConversationId is { Length: > 0 } personal)
        {
            var sent = await connectors.Create(address.ServiceUrl).SendToConversationAsync(personal, Activity.CreateCard(card), ct);
            return new DeliveryResult.Delivered(sent.Id ?? "");
        }

        var serviceUrl = address?.ServiceUrl ?? target.ServiceUrl;
        var tenantId = target.TenantId ?? address?.TenantId;
        var userId = address?.UserId ?? person.TeamsUserId ?? await RegistryTeamsIdAsync(person, ct) ?? person.AadObjectId;
        if (serviceUrl is null || tenantId is null || userId is null)
        {
            // Nobody to address: the sweep falls back to the session conversation, where the person is mentioned.
            return new DeliveryResult.Unreachable(404, "no Teams id, tenant or service URL known for " + person.Id);
        }
        var connector = connectors.Create(serviceUrl);
        // The bot's channel id: from the person's stored address, else the session conversation's, else the app id.
        var botId = address?.BotId
                    ?? (string.IsNullOrEmpty(origin.ConversationId) ? null : (await references.GetConversationAsync(origin.ConversationId, ct))?.BotId)
                    ?? (botOptions.Value.MicrosoftAppId is { Length: > 0 } appId ? "28:" + appId : null);
        var bot = botId is null ? null : new ChannelAccount { Id = botId };
        var created = await connector.CreateConversationAsync(ConversationParameters.OneOnOne(bot, userId, tenantId), ct);
        if (created.Id is not { Length: > 0 } conversationId)
        {
            return new DeliveryResult.Failed("the connector created no conversation");
        }
        var delivered = await connector.SendToConversationAsync(conversationId, Activity.CreateCard(card), ct);
        await RememberAsync(conversationId, serviceUrl, tenantId, userId, person, botId, ct);
        return new DeliveryResult.Delivered(delivered.Id ?? "");
    }

    private async Task<DeliveryResult> SendToSessionAsync(ReminderTarget.SessionConversation target, System.Text.Json.Nodes.JsonObject card,
        CancellationToken ct)
    {
        var serviceUrl = target.ServiceUrl ?? (await references.GetConversationAsync(target.ConversationId, ct))?.ServiceUrl;
        if (serviceUrl is null)
        {
            return new DeliveryResult.Unreachable(404, "no service URL for " + target.ConversationId);
        }
        var person = target.Mention;
        var mentionText = $"<at>{person.Name}</at>";
        var activity = Activity.CreateCard(card, views.Texts.Format("reminder.mention", mentionText));
        activity.TextFormat = "xml";
        var mentionedId = person.TeamsUserId ?? person.AadObjectId;
        if (mentionedId is not null)
        {
            activity.Entities =
            [
                Entity.From(new Mention
                {
                    Mentioned = new ChannelAccount { Id = mentionedId, Name = person.Name },
                    Text = mentionText,
                }),
            ];
        }
        else
        {
            activity.Text = views.Texts.Format("reminder.mention", person.Name);
        }
        var sent = await connectors.Create(serviceUrl).SendToConversationAsync(target.ConversationId, activity, ct);
        return new DeliveryResult.Delivered(sent.Id ?? "");
    }

    /// <summary>
    /// The person's stored 1:1: by the Teams id on the commitment, its Entra id, then whatever the registry learnt since
    /// (a director picked before they ever used Teams is reached directly once their first message linked them).
    /// </summary>
    private async Task<UserAddress?> FindUserAsync(PersonRef person, CancellationToken ct)
    {
        if (person.TeamsUserId is { Length: > 0 } teams && await references.GetUserAsync(teams, ct) is { } byTeams)
        {
            return byTeams;
        }
        if (person.AadObjectId is { Length: > 0 } aad && await references.GetUserByAadObjectIdAsync(aad, ct) is { } byAad)
        {
            return byAad;
        }
        if (await RegistryPersonAsync(person, ct) is { } registered)
        {
            if (registered.TeamsUserId is { Length: > 0 } linked && await references.GetUserAsync(linked, ct) is { } byLinked)
            {
                return byLinked;
            }
            if (registered.AadObjectId is { Length: > 0 } linkedAad && await references.GetUserByAadObjectIdAsync(linkedAad, ct) is { } byLinkedAad)
            {
                return byLinkedAad;
            }
        }
        return null;
    }

    private async Task<string?> RegistryTeamsIdAsync(PersonRef person, CancellationToken ct) =>
        (await RegistryPersonAsync(person, ct))?.TeamsUserId;

    /// <summary>The registry entry of the person (by Entra id, then email), for ids learnt after the commitment was made.</summary>
    private async Task<Registry.Model.Person?> RegistryPersonAsync(PersonRef person, CancellationToken ct)
    {
        var email = person.Email ?? (person.Id.Contains('@', StringComparison.Ordinal) ? person.Id : null);
        return (person.AadObjectId is { Length: > 0 } aad ? await people.FindByAadObjectIdAsync(aad, ct) : null)
               ?? (email is null ? null : await people.FindByEmailAsync(email, ct));
    }

    /// <summary>The created 1:1 is recorded like an inbound activity would, so the next reminder needs no POST /v3/conversations.</summary>
    private async Task RememberAsync(string conversationId, string serviceUrl, string tenantId, string userId, PersonRef person,
        string? botId, CancellationToken ct)
    {
        if (botId is null)
        {
            return; // the stored reference needs the bot's id; Teams answers the same 1:1 to the next POST anyway
        }
        try
        {
            await references.RecordAsync(new Activity
            {
                Type = ActivityTypes.Event,
                ServiceUrl = serviceUrl,
                ChannelId = "msteams",
                Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", IsGroup = false, TenantId = tenantId },
                From = new ChannelAccount { Id = userId, Name = person.Name, AadObjectId = person.AadObjectId },
                Recipient = new ChannelAccount { Id = botId },
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not remember the 1:1 conversation of {Person}", person.Id);
        }
    }
}
