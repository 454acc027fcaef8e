using Bitacora.Bot.Registry.Identity;
using NodaTime;

namespace Bitacora.Bot.Commitments;

/// <summary>
/// Someone who answers for (or changed) a commitment. <see cref="Id"/> is <see cref="PersonIdentity.Key"/> (registry
/// email, else Entra id, else email, else Teams id); the Teams ids and the email are what delivery and later lookups need.
/// </summary>
public sealed record PersonRef(string Id, string Name, string? TeamsUserId = null, string? AadObjectId = null, string? Email = null)
{
    public static PersonRef From(PersonIdentity person) =>
        new(person.Key, person.Name.Length > 0 ? person.Name : "Alguien", person.TeamsUserId, person.AadObjectId?.ToLowerInvariant(),
            person.Email?.ToLowerInvariant());

    /// <summary>Every key this person may be stored under (see <see cref="PersonIdentity.Keys"/>).</summary>
    public IReadOnlyList<string> Keys => PersonKeys.All(Id, AadObjectId, Email, TeamsUserId);

    /// <summary>True when this reference and <paramref name="keys"/> name the same person.</summary>
    public bool IsOneOf(IReadOnlyList<string> keys) => Keys.Any(k => keys.Contains(k, StringComparer.Ordinal));
}

/// <summary>Where a commitment was made: the session and the Teams conversation, used for the fallback delivery.</summary>
public sealed record CommitmentOrigin(
    string SessionId,
    string ConversationId,
    string? ServiceUrl = null,
    string? TenantId = null,
    string? ChannelId = "msteams");

public enum CommitmentStatus
{
    Pendiente,
    Cumplido,
    Ajustado,
    Vencido,

    /// <summary>Cancelled by the territorial team, with a reason (history): closed, no reminders.</summary>
    Cancelado,

    /// <summary>Suspended by an approved force-majeure request: kept in lists, no reminders until it is taken up again.</summary>
    Suspendido,

    /// <summary>Dropped (eliminado) by an approved force-majeure request: closed, no reminders, kept in history and exports.</summary>
    Eliminado,
}

/// <summary>What an approved force-majeure request does to one commitment (the seed: «ajustar, modificar y/o eliminar acciones»).</summary>
public enum ForceMajeureDecision
{
    /// <summary>The action is modified (optionally a new «qué») and gets a new date.</summary>
    Ajustar,

    /// <summary>The same action, postponed to a new date.</summary>
    Reprogramar,

    /// <summary>On hold: no date pressure, no reminders.</summary>
    Suspender,

    /// <summary>The action is dropped from the plan.</summary>
    Eliminar,
}

/// <summary>Proof given when a commitment is marked done: text, a link, or both.</summary>
public sealed record CommitmentEvidence(string? Text, string? Link);

/// <summary>One reminder the schedule promised, stored with the commitment so index rows can be told apart from stale ones.</summary>
public sealed record ScheduledReminder(ReminderKind Kind, Instant DueUtc)
{
    public string Token => $"{Kind.Token}_{DueUtc.ToUnixTimeTicks():D19}";
}

/// <summary>Which reminder around the accountability date: <see cref="OffsetDays"/> &lt; 0 before, 0 on the day, &gt; 0 after.</summary>
public readonly record struct ReminderKind(int OffsetDays)
{
    public ReminderPhase Phase => OffsetDays switch { < 0 => ReminderPhase.Before, 0 => ReminderPhase.OnDay, _ => ReminderPhase.After };

    /// <summary>Stable, key-safe text: "m3" (3 days before), "d0", "p7" (7 days after).</summary>
    public string Token => OffsetDays switch
    {
        < 0 => "m" + (-OffsetDays).ToString(System.Globalization.CultureInfo.InvariantCulture),
        0 => "d0",
        _ => "p" + OffsetDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static ReminderKind Parse(string token) => token[0] switch
    {
        'm' => new(-int.Parse(token.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)),
        'd' => new(0),
        'p' => new(int.Parse(token.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"Not a reminder kind token: '{token}'."),
    };

    public override string ToString() => Token;
}

public enum ReminderPhase
{
    Before,
    OnDay,
    After,
}

/// <summary>
/// An action a directive team committed to in a session. Immutable: every change goes through
/// <see cref="CommitmentService"/>, which writes the new state, its history and its reminders together.
/// </summary>
public sealed record Commitment
{
    public required string Id { get; init; }
    public required string Unit { get; init; }
    public required string What { get; init; }
    public required PersonRef Responsible { get; init; }
    public required LocalDate AccountabilityDate { get; init; }
    public required string MeansOfVerification { get; init; }
    public required CommitmentOrigin Origin { get; init; }
    public CommitmentStatus Status { get; init; } = CommitmentStatus.Pendiente;
    public CommitmentEvidence? Evidence { get; init; }
    public IReadOnlyList<string> ForceMajeureEventIds { get; init; } = [];

    /// <summary>The decision of the latest approved force-majeure request on this commitment, if any.</summary>
    public ForceMajeureDecision? ForceMajeureDecision { get; init; }
    public required Instant CreatedAt { get; init; }
    public required PersonRef CreatedBy { get; init; }

    /// <summary>Incremented on every change; the card shows it and history rows are numbered by it.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The reminders currently promised; an index row whose (kind, due) is not here is stale.</summary>
    public IReadOnlyList<ScheduledReminder> Reminders { get; init; } = [];

    /// <summary>Optimistic-concurrency token of the stored row; null before the first write.</summary>
    public string? ETag { get; init; }

    /// <summary>Why it was cancelled (<see cref="CommitmentStatus.Cancelado"/>); also in the history.</summary>
    public string? CancellationReason { get; init; }

    /// <summary>Files kept as evidence (Blob Storage), attached from the 1:1 chat; they count as evidence for «Cumplido».</summary>
    public IReadOnlyList<Evidence.EvidenceFile> EvidenceFiles { get; init; } = [];

    /// <summary>The question and answer of the session it came from («Nuevo compromiso» next to a «No»), if any.</summary>
    public CommitmentSource? Source { get; init; }

    /// <summary>Still to be done and reminded: not met, cancelled, suspended or dropped.</summary>
    public bool IsOpen => Status is CommitmentStatus.Pendiente or CommitmentStatus.Ajustado or CommitmentStatus.Vencido;

    /// <summary>Shown in the responsible's «mis compromisos»: open, or suspended (it may be taken up again).</summary>
    public bool IsListed => IsOpen || Status == CommitmentStatus.Suspendido;
}

/// <summary>The answer a commitment responds to: a «No» or «Parcialmente» of a session's question.</summary>
public sealed record CommitmentSource(string SessionId, string QuestionId, string Question, string Answer);

/// <summary>What an edit changes (null: unchanged).</summary>
public sealed record CommitmentEdit(string? What = null, LocalDate? AccountabilityDate = null, string? Unit = null);

/// <summary>One entry of a commitment's history: who changed what, when and why.</summary>
public sealed record CommitmentChange(
    string CommitmentId,
    int Version,
    Instant At,
    PersonRef By,
    string What,
    string? From,
    string? To,
    string? Why);

public enum ForceMajeureKind
{
    LicenciaMedicaProlongada,
    Paro,
    Huelga,
    TomaDelEstablecimiento,
    ReduccionPresupuestaria,
    Otra,
}

/// <summary>
/// An approved force-majeure event (strike, prolonged sick leave, occupation of the school…) of a unit: what was
/// approved for each of <see cref="CommitmentIds"/> is in each commitment's history; <see cref="NewDate"/> is the latest
/// new date it gave (null when it only suspended or dropped actions). Written with the commitments in one transaction.
/// </summary>
public sealed record ForceMajeureEvent
{
    public required string Id { get; init; }
    public required string Unit { get; init; }
    public required ForceMajeureKind Kind { get; init; }
    public required string Description { get; init; }
    public string? DocumentationLink { get; init; }
    public required LocalDate StartDate { get; init; }
    public LocalDate? EndDate { get; init; }
    public LocalDate? NewDate { get; init; }
    public required IReadOnlyList<string> CommitmentIds { get; init; }
    public required PersonRef RecordedBy { get; init; }
    public required Instant RecordedAt { get; init; }

    /// <summary>The request this event was approved from, and who approved it.</summary>
    public string? RequestId { get; init; }
    public PersonRef? ApprovedBy { get; init; }
    public string? DocumentationText { get; init; }
}

/// <summary>What a caller asks for when recording a commitment (card action or `nuevo compromiso`).</summary>
public sealed record NewCommitment(
    string Unit,
    string What,
    PersonRef Responsible,
    LocalDate AccountabilityDate,
    string MeansOfVerification,
    CommitmentOrigin Origin,
    CommitmentSource? Source = null);

/// <summary>A short line for lists such as `mis compromisos` and the commitments of a session.</summary>
public sealed record CommitmentSummary(
    string Id,
    string Unit,
    string What,
    LocalDate AccountabilityDate,
    CommitmentStatus Status,
    string ResponsibleName,
    int EvidenceFileCount = 0);
