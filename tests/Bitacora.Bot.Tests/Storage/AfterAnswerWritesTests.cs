using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Bot.Tests.Sessions;
using Bitacora.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.Bot.Tests.Storage;

/// <summary>
/// Issue 16: rows a turn's answer does not need (here a session participant) are written right after it. A failed write
/// is logged, not thrown, and — nothing being remembered as written — written again on the person's next turn; a
/// reader in the same process waits for the pending write of its rows.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AfterAnswerWritesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ParticipantWrites _policy = new();
    private readonly LogCollector _logs = new();
    private AfterAnswerWrites _writes = null!;
    private SessionRepository _sessions = null!;
    private Session _session = null!;

    public async Task InitializeAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_policy, HttpPipelinePosition.PerCall);
        var tables = new TableClientProvider(new TableServiceClient(azurite.ConnectionString, options), azurite.NewTablePrefix());
        _writes = new AfterAnswerWrites(new Logger(_logs.CreateLogger(typeof(AfterAnswerWrites).FullName!)));
        await _writes.StartAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 14, 13, 0, 0, TimeSpan.Zero));
        _sessions = new SessionRepository(tables, clock, Options.Create(new SessionOptions()), _writes);
        _session = await _sessions.StartAsync(new StartSession(SessionStore.Territory, "dep-ejecucion-evaluacion", 1, "2026",
            new DateOnly(2026, 4, 14), "Revisar", null, SessionStore.Person(0), "19:after@thread.v2"));
    }

    public async Task DisposeAsync() => await _writes.StopAsync(CancellationToken.None);

    [Fact]
    public async Task A_failed_write_is_logged_and_written_again_on_the_next_turn_and_then_not_again()
    {
        var megan = SessionStore.Person(7);
        _policy.FailNext = 1;

        await _sessions.AddParticipantAfterAnswerAsync(_session.Id, megan); // does not throw
        await _writes.WhenIdleAsync();
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(megan.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(await _sessions.GetParticipantsAsync(_session.Id), p => p.Id == megan.Id);

        await _sessions.AddParticipantAfterAnswerAsync(_session.Id, megan); // her next click
        await _writes.WhenIdleAsync();
        Assert.Contains(await _sessions.GetParticipantsAsync(_session.Id), p => p.Id == megan.Id);

        var writes = _policy.Writes;
        await _sessions.AddParticipantAfterAnswerAsync(_session.Id, megan); // known now: nothing written
        await _writes.WhenIdleAsync();
        Assert.Equal(writes, _policy.Writes);
    }

    [Fact]
    public async Task A_reader_in_the_same_process_waits_for_the_pending_write()
    {
        var adele = SessionStore.Person(8);
        using var held = new ManualResetEventSlim(false);
        _policy.Hold = held;

        await _sessions.AddParticipantAfterAnswerAsync(_session.Id, adele); // queued: the answer does not wait
        var read = _sessions.GetParticipantsAsync(_session.Id);
        await _policy.Held.Task; // the write is on its way to storage, held there
        Assert.False(read.IsCompleted);

        held.Set();
        Assert.Contains(await read, p => p.Id == adele.Id);
    }

    /// <summary>Counts participant writes; fails the next <see cref="FailNext"/> of them (503) or holds one until released.</summary>
    private sealed class ParticipantWrites : HttpPipelineSynchronousPolicy
    {
        private int _writes;
        public int FailNext { get; set; }
        public ManualResetEventSlim? Hold { get; set; }
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Writes => Volatile.Read(ref _writes);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Patch || !message.Request.Uri.Path.Contains("SessionParticipants(", StringComparison.Ordinal)) return;
            Interlocked.Increment(ref _writes);
            if (FailNext > 0)
            {
                FailNext--;
                throw new RequestFailedException(503, "injected: the service is busy");
            }
            if (Hold is { } hold)
            {
                Held.TrySetResult();
                hold.Wait(TimeSpan.FromSeconds(60));
            }
        }
    }

    private sealed class Logger(ILogger inner) : ILogger<AfterAnswerWrites>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
