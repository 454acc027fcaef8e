using Bitacora.Bot.Commitments;

namespace Bitacora.Bot.Reminders;

/// <summary>Where a reminder goes: the person's 1:1 chat, or (fallback) the session's conversation mentioning them.</summary>
public abstract record ReminderTarget
{
    private ReminderTarget() { }

    /// <summary>The rate-limit key: Teams limits count per conversation.</summary>
    public abstract string ConversationKey { get; }

    /// <summary>
    /// The responsible's 1:1 conversation: use a stored conversation reference for <see cref="Person"/>, or create the
    /// conversation through the connector with <see cref="TenantId"/> + the person's Teams user id.
    /// </summary>
    public sealed record Personal(PersonRef Person, string? TenantId, string? ServiceUrl) : ReminderTarget
    {
        public override string ConversationKey => "1:1:" + (Person.TeamsUserId ?? Person.AadObjectId ?? Person.Id);
    }

    /// <summary>Fallback after a 403/404 on the 1:1: the conversation where the commitment was made, mentioning <see cref="Mention"/>.</summary>
    public sealed record SessionConversation(string ConversationId, string? ServiceUrl, string? TenantId, PersonRef Mention)
        : ReminderTarget
    {
        public override string ConversationKey => ConversationId;
    }
}

/// <summary>
/// Everything the card needs; the card itself is built by the channel implementation.
/// </summary>
/// <param name="IdempotencyKey">"{commitmentId}|{kind}|{dueTicks}": the same reminder always has the same key.</param>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="PossibleRedelivery">
/// True when a previous attempt may have reached the person (a sweep died between the send and recording it, and
/// <see cref="IReminderChannel.ProbeAsync"/> could not tell): the card should say "si ya recibiste este recordatorio,
/// ignóralo" — its actions are idempotent against the commitment's version anyway.
/// </param>
public sealed record ReminderMessage(
    string IdempotencyKey,
    Commitment Commitment,
    ReminderKind Kind,
    DateTimeOffset DueUtc,
    ReminderTarget Target,
    int Attempt,
    bool PossibleRedelivery);

/// <summary>What happened to one send.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    public sealed record Delivered(string ActivityId) : DeliveryResult;

    /// <summary>429 / 503 with Retry-After (or a transient failure worth retrying after a pause).</summary>
    public sealed record RetryLater(TimeSpan RetryAfter, string? Reason = null) : DeliveryResult;

    /// <summary>403 / 404: the bot cannot reach this conversation (not installed, user blocked it, left the team).</summary>
    public sealed record Unreachable(int StatusCode, string? Reason = null) : DeliveryResult;

    public sealed record Failed(string Reason) : DeliveryResult;
}

public enum DeliveryProbeStatus
{
    /// <summary>The channel cannot tell (the Teams connector has no "find by key" call).</summary>
    Unknown,
    Delivered,
    NotDelivered,
}

public sealed record DeliveryProbe(DeliveryProbeStatus Status, string? ActivityId = null)
{
    public static DeliveryProbe Unknown { get; } = new(DeliveryProbeStatus.Unknown);
}

/// <summary>
/// The port through which reminders leave the bot. The lead implements it over the Bot Framework connector
/// (proactive message to the 1:1, or to the session's conversation with an &lt;at&gt; mention).
/// Implementations return results instead of throwing for HTTP outcomes: 2xx → Delivered(activity id),
/// 429/503 → RetryLater(Retry-After), 403/404 → Unreachable, other → Failed. An exception is treated as Failed.
/// </summary>
public interface IReminderChannel
{
    Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Called only when recovering a send whose sweep died mid-flight: did a message with this idempotency key reach
    /// its target? Channels that keep a journal (or can read the chat, e.g. Graph chat messages) answer; others
    /// return <see cref="DeliveryProbe.Unknown"/> and the reminder is re-sent flagged <see cref="ReminderMessage.PossibleRedelivery"/>.
    /// </summary>
    Task<DeliveryProbe> ProbeAsync(ReminderMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(DeliveryProbe.Unknown);
}
