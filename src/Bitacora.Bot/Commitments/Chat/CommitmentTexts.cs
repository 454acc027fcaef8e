using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// The Spanish texts of commitments and reminders (Content/Texts/commitments.es-CL.json). Every key the code uses is
/// listed in <see cref="AllKeys"/>; a missing one stops the start (checked by the start-up check in AddCommitmentChat).
/// </summary>
public sealed class CommitmentTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "commitments.es-CL.json";

    public static readonly string[] AllKeys =
    [
        "form.title", "form.intro", "form.inSession", "form.noSession", "form.error.what", "form.error.unit",
        "form.error.unitUnknown", "form.error.responsible", "form.error.date", "form.error.datePast",
        "form.error.dateFar", "form.error.whatLong", "form.error.verificationLong", "form.error.unitNotInRegistry",
        "form.error.responsibleOtherUnit", "form.noContact",
        "created.headline", "created.noReminders", "created.noSession",
        "status.Pendiente", "status.Cumplido", "status.Ajustado", "status.Vencido", "status.Cancelado", "status.Suspendido",
        "status.Eliminado",
        "fm.LicenciaMedicaProlongada", "fm.Paro", "fm.Huelga", "fm.TomaDelEstablecimiento", "fm.ReduccionPresupuestaria", "fm.Otra",
        "reminder.before", "reminder.beforeNonWorking", "reminder.onDay", "reminder.after", "reminder.redelivery",
        "reminder.mention", "phase.before", "phase.onDay", "phase.after",
        "state.headline", "state.done", "state.rescheduled", "state.adjusted",
        "action.error.evidence", "action.error.link", "action.error.kind", "action.error.description", "action.error.newDate",
        "action.error.newDatePast", "action.conflict", "action.conflictUnknown", "action.notFound",
        "action.conflictSelf", "action.keptTyped", "action.error.tooLong", "label.evidence", "label.fmDescription", "label.reason",
        "label.link",
        "notify.done", "notify.rescheduled", "notify.adjusted", "notify.noReason",
        "unit.title", "unit.intro", "unit.none", "unit.which", "unit.onlyInSession", "unit.noContact",
        "mine.title", "mine.intro", "mine.none", "mine.groupChat",
        "state.edited", "state.reassigned", "state.cancelled", "state.resumed", "notify.resumed", "manage.title", "manage.error.unitOtherTerritory",
        "manage.error.cancelReason", "notify.edited", "notify.reassigned", "manage.reassignReasonShown", "notify.cancelled", "source.line",
        "state.resumed", "notify.resumed",
        "evidence.refused.type", "evidence.refused.size", "evidence.refused.source", "evidence.refused.download",
        "evidence.personalOnly", "evidence.received", "evidence.noneReceived", "evidence.which", "evidence.noOpen",
        "evidence.badButton", "evidence.attached", "evidence.count",
        .. CommitmentMessages.AllKeys,
        .. Bitacora.Bot.Commitments.ForceMajeure.ForceMajeureTextKeys.All,
    ];

    public static CommitmentTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));

    /// <summary>A commitment's status as everyone reads it (chat, coordination, exports): "Pendiente", "Cumplido"…</summary>
    public string Status(CommitmentStatus status) => this["status." + status];

    /// <summary>A force-majeure kind as everyone reads it: "Licencia médica prolongada", "Paro"…</summary>
    public string ForceMajeure(ForceMajeureKind kind) => this["fm." + kind];
}
