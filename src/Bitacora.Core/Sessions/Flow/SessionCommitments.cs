namespace Bitacora.Bot.Sessions.Flow;

/// <summary>A commitment recorded during a session, as the summary card lists it; <paramref name="IsOpen"/>: not yet met.</summary>
public sealed record SessionCommitmentLine(string Text, string Responsible, DateOnly DueDate, bool IsOpen = true);

/// <summary>
/// Where the summary card reads the commitments recorded in a session. The commitments feature implements it; until
/// it is wired, <see cref="NoSessionCommitments"/> (registered with TryAdd) says there are none.
/// </summary>
public interface ISessionCommitmentsSource
{
    Task<IReadOnlyList<SessionCommitmentLine>> ListAsync(string sessionId, CancellationToken cancellationToken);
}

public sealed class NoSessionCommitments : ISessionCommitmentsSource
{
    public Task<IReadOnlyList<SessionCommitmentLine>> ListAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionCommitmentLine>>([]);
}
