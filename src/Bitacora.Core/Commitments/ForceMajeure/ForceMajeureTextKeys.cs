namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Keys of the force-majeure texts in Content/Texts/commitments.es-CL.json ("fmr." prefix); every key is required at
/// start-up through <see cref="Chat.CommitmentTexts.AllKeys"/>.
/// </summary>
public static class ForceMajeureTextKeys
{
    public const string RefuseSelf = "fmr.refuse.self";
    public const string RefuseApproved = "fmr.refuse.approved";
    public const string RefuseRejected = "fmr.refuse.rejected";
    public const string RefuseWaiting = "fmr.refuse.waiting";
    public const string RefusePending = "fmr.refuse.pending";
    public const string RefuseTooManySteps = "fmr.refuse.tooManySteps";
    public const string RefuseCommitmentGone = "fmr.refuse.commitmentGone";
    public const string RefuseCommitmentClosed = "fmr.refuse.commitmentClosed";
    public const string StaleRequest = "fmr.stale.request";
    public const string StaleCommitment = "fmr.stale.commitment";
    /// <summary>Prefix: + the request's status (Aprobada, Rechazada, MasInformacion).</summary>
    public const string StaleDecided = "fmr.stale.decided.";
    public const string StaleTyped = "fmr.stale.typed";
    public const string NotFound = "fmr.notFound";
    public const string HistoryWhy = "fmr.history.why";

    public static readonly string[] All =
    [
        RefuseSelf, RefuseApproved, RefuseRejected, RefuseWaiting, RefusePending, RefuseTooManySteps, RefuseCommitmentGone,
        RefuseCommitmentClosed, StaleRequest, StaleCommitment, NotFound, HistoryWhy, StaleTyped,
        StaleDecided + "Aprobada", StaleDecided + "Rechazada", StaleDecided + "MasInformacion",
        "fmr.form.title", "fmr.form.intro", "fmr.form.none", "fmr.form.which", "fmr.form.sent", "fmr.form.sentNobody",
        "fmr.decision.none", "fmr.decision.Ajustar", "fmr.decision.Reprogramar", "fmr.decision.Suspender", "fmr.decision.Eliminar",
        "fmr.status.Pendiente", "fmr.status.MasInformacion", "fmr.status.Aprobada", "fmr.status.Rechazada",
        "fmr.step.solicitada", "fmr.step.masInformacion", "fmr.step.respondida", "fmr.step.aprobada", "fmr.step.rechazada",
        "fmr.review.title", "fmr.review.intro", "fmr.review.decided",
        "fmr.outcome.Pendiente", "fmr.outcome.MasInformacion", "fmr.outcome.Aprobada", "fmr.outcome.Rechazada",
        "fmr.error.kind", "fmr.error.start", "fmr.error.end", "fmr.error.description", "fmr.error.none", "fmr.error.tooMany",
        "fmr.error.date", "fmr.error.datePast", "fmr.error.notInUnit", "fmr.error.question", "fmr.error.reason", "fmr.error.answer",
        "fmr.error.tooLong", "fmr.error.link", "fmr.error.decision",
        "fmr.label.description", "fmr.label.documentation", "fmr.label.link", "fmr.label.newWhat", "fmr.label.note", "fmr.label.answer",
        "fmr.dates", "fmr.datesOpen", "fmr.item.newDate", "fmr.item.newWhat",
        "fmr.notify.requested", "fmr.notify.approved",
    ];
}
