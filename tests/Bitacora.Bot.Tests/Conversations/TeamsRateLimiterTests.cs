using Bitacora.Bot.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.Bot.Tests.Conversations;

public sealed class TeamsRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));

    private TeamsRateLimiter Limiter(int app = 30) => new(new RateLimitOptions { AppPerSecond = app }, _time);

    private static int Take(TeamsRateLimiter limiter, string key, int tries)
    {
        var taken = 0;
        for (var i = 0; i < tries; i++)
        {
            taken += limiter.TryAcquire(key, out _) ? 1 : 0;
        }
        return taken;
    }

    [Fact]
    public void A_conversation_gets_seven_per_second()
    {
        var limiter = Limiter();

        Assert.Equal(7, Take(limiter, "c1", 20));
        Assert.False(limiter.TryAcquire("c1", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(7, Take(limiter, "c1", 20));
    }

    [Fact]
    public void A_conversation_gets_sixty_per_thirty_seconds()
    {
        var limiter = Limiter();
        var taken = 0;
        for (var s = 0; s < 30; s++)
        {
            taken += Take(limiter, "c1", 10);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(60, taken); // 7+7+…: the 30-second window caps it at 60
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire("c1", out _));
    }

    [Fact]
    public void The_app_wide_cap_spans_conversations()
    {
        var limiter = Limiter(app: 30);
        var taken = Enumerable.Range(0, 100).Count(i => limiter.TryAcquire("c" + i, out _));

        Assert.Equal(30, taken);
        Assert.False(limiter.TryAcquire("another", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
    }

    [Fact]
    public void A_retry_after_blocks_the_conversation_until_it_passes()
    {
        var limiter = Limiter();
        limiter.Penalize("c1", TimeSpan.FromSeconds(5));

        Assert.False(limiter.TryAcquire("c1", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(5), wait);
        Assert.True(limiter.TryAcquire("c2", out _));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(limiter.TryAcquire("c1", out _));
    }

    [Fact]
    public async Task AcquireAsync_waits_on_the_injected_clock()
    {
        var limiter = Limiter();
        Take(limiter, "c1", 7);

        var pending = limiter.AcquireAsync("c1", CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(pending.IsCompletedSuccessfully);
    }
}
