using Microsoft.Extensions.Time.Testing;

namespace Bitacora.BotFramework.Tests;

public class AccessTokenCacheTests
{
    [Fact]
    public async Task A_token_is_reused_until_it_nears_expiry_and_concurrent_callers_share_one_fetch()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero));
        var fetches = 0;
        var cache = new AccessTokenCache(async _ =>
        {
            var n = Interlocked.Increment(ref fetches);
            await Task.Yield();
            return new AccessToken($"token-{n}", time.GetUtcNow().AddHours(1));
        }, time, TimeSpan.FromMinutes(5));

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetAsync(CancellationToken.None)));
        Assert.All(first, t => Assert.Equal("token-1", t));
        Assert.Equal(1, fetches);

        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("token-1", await cache.GetAsync(CancellationToken.None));
        Assert.Equal(1, fetches);

        time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: inside the 5-minute margin
        Assert.Equal("token-2", await cache.GetAsync(CancellationToken.None));
        Assert.Equal("token-2", await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task A_failed_fetch_is_surfaced_and_the_next_call_tries_again()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var cache = new AccessTokenCache(_ => ++calls == 1
            ? throw new InvalidOperationException("authority down")
            : Task.FromResult(new AccessToken("ok", time.GetUtcNow().AddHours(1))), time, TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(CancellationToken.None));
        Assert.Equal("ok", await cache.GetAsync(CancellationToken.None));
    }
}
