namespace Bitacora.BotFramework.Tests.Infrastructure;

/// <summary>Counts calls; returns a fixed token.</summary>
public sealed class CountingTokenProvider(string token = "test-token") : IAccessTokenProvider
{
    public int Calls;

    public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult<string?>(token);
    }
}
