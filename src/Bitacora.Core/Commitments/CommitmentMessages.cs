namespace Bitacora.Bot.Commitments;

/// <summary>
/// Keys of the reasons <see cref="CommitmentService"/> refuses a change, in Content/Texts/commitments.es-CL.json;
/// <see cref="Chat.CommitmentTexts"/> requires every one at start-up.
/// </summary>
public static class CommitmentMessages
{
    public const string AlreadyDone = "reject.alreadyDone";
    public const string EvidenceMissing = "reject.evidenceMissing";
    public const string DoneNoReschedule = "reject.doneNoReschedule";
    public const string SameDate = "reject.sameDate";
    public const string DoneNoAdjust = "reject.doneNoAdjust";
    public const string NoChange = "reject.noChange";
    public const string ClosedNoChange = "reject.closedNoChange";
    public const string SameResponsible = "reject.sameResponsible";
    public const string ReasonMissing = "reject.reasonMissing";
    public const string TooManyFiles = "reject.tooManyFiles";
    /// <summary>Suspended or eliminated by a force-majeure decision, or cancelled: neither done nor rescheduled.</summary>
    public const string NotActive = "reject.notActive";
    /// <summary>«Reanudar» on a commitment that is not (or no longer) suspended.</summary>
    public const string NotSuspended = "reject.notSuspended";

    public static IEnumerable<string> AllKeys =>
        typeof(CommitmentMessages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
