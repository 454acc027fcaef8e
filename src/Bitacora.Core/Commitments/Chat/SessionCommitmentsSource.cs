using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>The session summary card's commitments: one partition query of the per-session projection.</summary>
public sealed class SessionCommitmentsSource(CommitmentStore store) : ISessionCommitmentsSource
{
    public async Task<IReadOnlyList<SessionCommitmentLine>> ListAsync(string sessionId, CancellationToken cancellationToken) =>
        (await store.ListBySessionAsync(sessionId, cancellationToken))
        .OrderBy(s => s.AccountabilityDate)
        .Select(s => new SessionCommitmentLine(s.What, s.ResponsibleName,
            new DateOnly(s.AccountabilityDate.Year, s.AccountabilityDate.Month, s.AccountabilityDate.Day),
            s.Status is not (CommitmentStatus.Cumplido or CommitmentStatus.Cancelado or CommitmentStatus.Eliminado)))
        .ToList();
}
