using NodaTime;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>Where a request stands: waiting for the adviser/coordinator, waiting for the requester's answer, or decided.</summary>
public enum ForceMajeureRequestStatus
{
    Pendiente,
    MasInformacion,
    Aprobada,
    Rechazada,
}

/// <summary>
/// One affected commitment of a request: what was proposed (and, once approved, decided) for it. <see cref="SeenVersion"/>
/// is the commitment's version when it was put on the request; <see cref="What"/> a copy for the cards.
/// </summary>
public sealed record ForceMajeureItem(
    string CommitmentId,
    string What,
    int SeenVersion,
    ForceMajeureDecision Decision,
    LocalDate? NewDate = null,
    string? NewWhat = null);

/// <summary>One step of the conversation about a request: requested, asked for more, answered, approved, rejected.</summary>
public sealed record ForceMajeureStep(Instant At, PersonRef By, string What, string? Text);

/// <summary>Where to tell the requester about the outcome: the conversation they asked from.</summary>
public sealed record ForceMajeureReplyTo(string ConversationId, string? ServiceUrl, string? TenantId, string? BotId);

/// <summary>
/// A force-majeure request (solicitud por fuerza mayor) of a unit's directive team or a responsible: the event (kind,
/// dates, description, documentation) and the commitments it affects, each with a decision. Nothing changes on the
/// commitments until an adviser or coordinator approves it (<see cref="ForceMajeureService"/>).
/// </summary>
public sealed record ForceMajeureRequest
{
    public required string Id { get; init; }
    public required string Unit { get; init; }
    public required ForceMajeureKind Kind { get; init; }
    public required LocalDate StartDate { get; init; }
    public LocalDate? EndDate { get; init; }
    public required string Description { get; init; }
    public string? DocumentationText { get; init; }
    public string? DocumentationLink { get; init; }
    public required IReadOnlyList<ForceMajeureItem> Items { get; init; }
    public required PersonRef RequestedBy { get; init; }
    public required Instant RequestedAt { get; init; }
    public ForceMajeureReplyTo? ReplyTo { get; init; }
    public ForceMajeureRequestStatus Status { get; init; } = ForceMajeureRequestStatus.Pendiente;
    public IReadOnlyList<ForceMajeureStep> Steps { get; init; } = [];

    /// <summary>The approved event (set on approval).</summary>
    public string? EventId { get; init; }

    /// <summary>Incremented on every change; cards carry it and a stale card is refused with the current state.</summary>
    public int Version { get; init; } = 1;

    public string? ETag { get; init; }

    public bool IsDecided => Status is ForceMajeureRequestStatus.Aprobada or ForceMajeureRequestStatus.Rechazada;
}

/// <summary>What a requester sends (the request card's inputs, validated).</summary>
public sealed record ForceMajeureSubmission(
    string Unit,
    ForceMajeureKind Kind,
    LocalDate StartDate,
    LocalDate? EndDate,
    string Description,
    string? DocumentationText,
    string? DocumentationLink,
    IReadOnlyList<ForceMajeureItem> Items,
    ForceMajeureReplyTo? ReplyTo);

/// <summary>The outcome of a change to a request.</summary>
public abstract record ForceMajeureResult
{
    private ForceMajeureResult() { }

    public sealed record Done(ForceMajeureRequest Request) : ForceMajeureResult;

    /// <summary>The request changed since the card's version (someone else decided or asked first): nothing was written.</summary>
    public sealed record StaleRequest(ForceMajeureRequest Current) : ForceMajeureResult;

    /// <summary>An affected commitment changed since it was put on the request, in a way that matters: nothing was written.</summary>
    public sealed record StaleCommitment(ForceMajeureRequest Current, Commitment Commitment) : ForceMajeureResult;

    /// <summary>Not applicable in the current state (already decided, a commitment met meanwhile…): nothing was written.</summary>
    public sealed record Refused(ForceMajeureRequest Current, string ReasonKey, string? Argument = null) : ForceMajeureResult;

    public sealed record NotFound : ForceMajeureResult;
}
