namespace Bitacora.Bot.Commitments.Chat;

/// <summary>The Spanish notice of a lost race, shared by every commitment card.</summary>
public static class CommitmentConflicts
{
    /// <summary>
    /// Who changed the commitment since the card's version: the latest person (not Bitácora's bookkeeping); the acting
    /// person themself (another card, another device) is told so, never named as someone else.
    /// </summary>
    public static async Task<string> NoticeAsync(CommitmentService commitments, CommitmentTexts texts,
        CommitmentUpdateResult.Conflict conflict, PersonRef by, CancellationToken ct)
    {
        var current = conflict.Current;
        var history = await commitments.Store.GetHistoryAsync(current.Unit, current.Id, ct);
        var actor = history.Where(h => h.Version > (conflict.ExpectedVersion ?? 0) && h.By.Id != CommitmentService.System.Id)
            .OrderByDescending(h => h.Version).Select(h => h.By).FirstOrDefault();
        if (actor is null)
        {
            return texts["action.conflictUnknown"];
        }
        return by.Keys.Contains(actor.Id, StringComparer.Ordinal)
            ? texts["action.conflictSelf"]
            : texts.Format("action.conflict", actor.Name);
    }
}
