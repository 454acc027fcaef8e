using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Bitacora.BotFramework.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.BotFramework.Tests;

/// <summary>
/// The connector's retries on a fake clock: waits are fake seconds advanced by the test, never real ones. The clock
/// is advanced in small steps until the call moves on, so a test does not depend on when Polly armed its timer; the
/// total advanced tells how long the client waited.
/// </summary>
public sealed class ConnectorResilienceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
    private FakeConnector _connector = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["BotFramework:Retry:MaxAttempts"] = "4",
            ["BotFramework:Retry:BaseDelay"] = "00:00:01",
            ["BotFramework:Retry:MaxDelay"] = "00:00:08",
            ["BotFramework:Retry:MaxTotalTime"] = "00:00:30",
            ["BotFramework:Retry:AttemptTimeout"] = "00:00:20",
        }, services =>
        {
            services.AddSingleton<IBot, RecordingBot>();
            services.AddSingleton<TimeProvider>(_clock);
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private IConnectorClient Client() =>
        _host.Services.GetRequiredService<IConnectorClientFactory>().Create(_connector.BaseUrl + "/");

    /// <summary>Advances the fake clock by <paramref name="step"/> until <paramref name="done"/> (real time bounded).</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan max)
    {
        var advanced = TimeSpan.Zero;
        var real = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(advanced <= max, $"still waiting after {advanced} of fake time");
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(20), "the test waited on the real clock");
            await Task.Delay(15);
            if (done()) break;
            _clock.Advance(step);
            advanced += step;
        }
        return advanced;
    }

    [Fact]
    public async Task A_429_on_a_POST_waits_the_Retry_After_on_the_app_clock_and_delivers_once()
    {
        _connector.Respond = async (context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "10";
                return;
            }
            await FakeConnector.DefaultAsync(context, n);
        };
        var throttled = new List<long>();
        var meterFactory = _host.Services.GetRequiredService<IMeterFactory>(); // this host's meters, not a parallel test's
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "botframework.connector.throttled" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => { lock (throttled) throttled.Add(value); });
        listener.Start();

        var send = Client().SendToConversationAsync("conv-1", Activity.CreateMessage("hola"));
        await AdvanceUntilAsync(() => !_connector.Received.IsEmpty, TimeSpan.Zero, TimeSpan.Zero); // first answer under way
        await Task.Delay(100);
        var waited = await AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));

        Assert.Equal("activity-2", (await send).Id);
        Assert.Equal(2, _connector.Received.Count);
        Assert.InRange(waited, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12)); // Retry-After, not the 1 s backoff
        Assert.Equal([1L], throttled);
    }

    [Fact]
    public async Task A_PUT_answered_503_is_retried_with_backoff_until_it_succeeds()
    {
        _connector.Respond = async (context, n) =>
        {
            if (n <= 2) context.Response.StatusCode = 503;
            else await FakeConnector.DefaultAsync(context, n);
        };

        var update = Client().UpdateActivityAsync("conv-1", "card-1", Activity.CreateMessage("nuevo"));
        var waited = await AdvanceUntilAsync(() => update.IsCompleted, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        await update;
        Assert.Equal(["PUT", "PUT", "PUT"], _connector.Received.Select(r => r.Method).ToArray());
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"two backoffs of about 1 s and 2 s, waited {waited}");
    }

    [Fact]
    public async Task A_POST_that_times_out_is_not_sent_again_but_a_PUT_is()
    {
        _connector.Respond = async (context, n) =>
        {
            if (n <= 2) await Task.Delay(Timeout.Infinite, context.RequestAborted); // no answer
            else await FakeConnector.DefaultAsync(context, n);
        };

        var post = Client().SendToConversationAsync("conv-1", Activity.CreateMessage("hola"));
        await AdvanceUntilAsync(() => !_connector.Received.IsEmpty, TimeSpan.Zero, TimeSpan.Zero); // the attempt is under way
        await AdvanceUntilAsync(() => post.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(40));
        var e = await Assert.ThrowsAsync<ConnectorException>(() => post);
        Assert.Null(e.StatusCode);
        Assert.Single(_connector.Received);

        var put = Client().UpdateActivityAsync("conv-1", "card-1", Activity.CreateMessage("nuevo"));
        await AdvanceUntilAsync(() => _connector.Received.Count == 2, TimeSpan.Zero, TimeSpan.Zero);
        await AdvanceUntilAsync(() => put.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        await put;
        Assert.Equal(["POST", "PUT", "PUT"], _connector.Received.Select(r => r.Method).ToArray());
    }

    [Fact]
    public async Task Retries_stop_at_the_attempt_budget_and_the_last_answer_is_surfaced()
    {
        _connector.Respond = (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        };

        var delete = Client().DeleteActivityAsync("conv-1", "card-1");
        await AdvanceUntilAsync(() => delete.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => delete);
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);
        Assert.Equal(4, _connector.Received.Count);
    }
}
