using Bitacora.Bot.Conversations;
using System.Collections.Concurrent;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Bitacora.Bot.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>Everything the reminders need, over a fresh Azurite table prefix and a fake clock.</summary>
internal sealed class RemindersHarness
{
    public static readonly DateTimeOffset Start = new(2026, 4, 20, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);
    public TableClientProvider Tables { get; }
    public ReminderOptions Options { get; }
    public ReminderPolicy Policy { get; }
    public CommitmentStore Store { get; }
    public ReminderDueIndex DueIndex { get; }
    public ReminderOutbox Outbox { get; }
    public CommitmentService Commitments { get; }
    public LoopbackChannel Channel { get; }

    public RemindersHarness(AzuriteFixture azurite, IWorkingHoursProvider? hours = null, ReminderOptions? options = null,
        LoopbackChannel? channel = null, Azure.Data.Tables.TableServiceClient? client = null)
    {
        Tables = new TableClientProvider(client ?? azurite.CreateServiceClient(), azurite.NewTablePrefix());
        // The limiter has its own tests; here it must not wait on a fake clock nobody advances.
        Options = options ?? new ReminderOptions { InitialLookback = TimeSpan.FromDays(60) };
        Options.RateLimits = new RateLimitOptions { AppPerSecond = 10_000, PerConversationPerSecond = 10_000, PerConversationPer30Seconds = 10_000 };
        Policy = ReminderPolicy.From(Options);
        Store = new CommitmentStore(Tables);
        DueIndex = new ReminderDueIndex(Tables);
        Outbox = new ReminderOutbox(Tables);
        Commitments = new CommitmentService(Store, new ReminderPlanner(Policy, hours ?? new ConfiguredWorkingHoursProvider(Policy), DueIndex), Time);
        Channel = channel ?? new LoopbackChannel();
    }

    public ReminderSweep NewSweep(IReminderOutbox? outbox = null, IReminderChannel? channel = null)
    {
        outbox ??= Outbox;
        var transitions = new OutboxTransitions(outbox, Options, Time, NullLogger<OutboxTransitions>.Instance);
        var delivery = new ReminderDelivery(channel ?? Channel, new TeamsRateLimiter(Options.RateLimits, Time), transitions, Options, Time,
            NullLogger<ReminderDelivery>.Instance);
        return new ReminderSweep(new DueBucketScan(Tables, DueIndex, Options), Store, Commitments, DueIndex, outbox, Legacy(outbox), transitions,
            delivery, Options, Time, NullLogger<ReminderSweep>.Instance, Metrics);
    }

    public LegacyOutboxRows Legacy(IReminderOutbox? outbox = null) => new(Tables, outbox ?? Outbox, NullLogger<LegacyOutboxRows>.Instance);

    /// <summary>The delivery records of <paramref name="commitment"/>'s reminders, both layouts.</summary>
    public Task<IReadOnlyList<OutboxEntry>> OutboxOfAsync(Commitment commitment) =>
        Outbox.ListForCommitmentAsync(commitment, Legacy(), CancellationToken.None);

    /// <summary>Moves the fake clock to <paramref name="at"/> and sweeps as of then (through <paramref name="outbox"/> if given).</summary>
    public async Task<SweepReport> SweepAtAsync(DateTimeOffset at, IReminderOutbox? outbox = null)
    {
        if (at > Time.GetUtcNow())
        {
            Time.SetUtcNow(at);
        }
        return await NewSweep(outbox).RunAsync(at, CancellationToken.None);
    }

    private static readonly BitacoraMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static PersonRef Ana { get; } = new("aad-ana", "Ana Pérez", "29:ana", "aad-ana");

    public Task<Commitment> CreateAsync(LocalDate date, PersonRef? responsible = null, string unit = "JUNJI-13101") =>
        Commitments.CreateAsync(new NewCommitment(unit, "Actualizar el PEI", responsible ?? Ana, date,
            "Acta del consejo", new CommitmentOrigin("session-1", "19:session@thread.v2", "https://smba.example/", "tenant-1")),
            new PersonRef("aad-dir", "Directora"), CancellationToken.None);
}

/// <summary>
/// A loopback stand-in for the Teams connector: records every delivery by idempotency key and keeps a journal it can
/// answer <see cref="ProbeAsync"/> from (when <see cref="CanProbe"/>). <see cref="Script"/> can answer differently.
/// </summary>
internal sealed class LoopbackChannel : IReminderChannel
{
    private int _activity;
    public ConcurrentQueue<ReminderMessage> Deliveries { get; } = new();
    public ConcurrentQueue<ReminderMessage> Calls { get; } = new();
    public bool CanProbe { get; set; } = true;
    public Func<ReminderMessage, DeliveryResult?>? Script { get; set; }

    public async Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        await Task.Yield(); // let concurrent sweeps interleave
        Calls.Enqueue(message);
        if (Script?.Invoke(message) is { } scripted)
        {
            return scripted;
        }
        Deliveries.Enqueue(message);
        return new DeliveryResult.Delivered("act-" + Interlocked.Increment(ref _activity));
    }

    public Task<DeliveryProbe> ProbeAsync(ReminderMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(!CanProbe ? DeliveryProbe.Unknown
            : Deliveries.Any(d => d.IdempotencyKey == message.IdempotencyKey)
                ? new DeliveryProbe(DeliveryProbeStatus.Delivered, "probed")
                : new DeliveryProbe(DeliveryProbeStatus.NotDelivered));

    public IReadOnlyDictionary<string, int> CountByKey() =>
        Deliveries.GroupBy(d => d.IdempotencyKey).ToDictionary(g => g.Key, g => g.Count());
}

internal sealed class SimulatedCrash(string where) : Exception("simulated crash " + where);

/// <summary>
/// Where a sweep can die, as seen from storage. (Dying after the send and before the status write leaves the same
/// state as <see cref="BeforeStatusWrite"/>; dying after the index-row write of a claim, the same as <see cref="AfterClaim"/>.)
/// </summary>
public enum CrashPoint
{
    BeforeClaim,
    AfterClaim,
    BeforeStatusWrite,
    AfterStatusWrite,
}

/// <summary>
/// The real outbox (on Azurite) that makes the process "die" once per reminder at <paramref name="point"/>: a fake of
/// <see cref="IReminderOutbox"/> instead of hooks in the sweep.
/// </summary>
internal sealed class CrashOnceAt(IReminderOutbox inner, CrashPoint point) : IReminderOutbox
{
    private readonly ConcurrentDictionary<string, bool> _crashed = new();
    public int Crashes => _crashed.Count;

    public Task<OutboxEntry?> GetAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct) =>
        inner.GetAsync(commitmentId, kindToken, dueTicks, ct);

    public Task<OutboxEntry?> TryAddAsync(OutboxEntry entry, CancellationToken ct) =>
        AroundAsync(entry, CrashPoint.BeforeClaim, CrashPoint.AfterClaim, () => inner.TryAddAsync(entry, ct));

    public Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken ct) => entry.State switch
    {
        OutboxState.Sending => AroundAsync(entry, CrashPoint.BeforeClaim, CrashPoint.AfterClaim, () => inner.TryUpdateAsync(entry, ct)),
        OutboxState.Sent or OutboxState.Pending or OutboxState.Failed
            => AroundAsync(entry, CrashPoint.BeforeStatusWrite, CrashPoint.AfterStatusWrite, () => inner.TryUpdateAsync(entry, ct)),
        _ => inner.TryUpdateAsync(entry, ct),
    };

    public Task<IReadOnlyList<OutboxEntry>?> TryAddManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct) =>
        AroundAsync(entries, CrashPoint.BeforeClaim, CrashPoint.AfterClaim, () => inner.TryAddManyAsync(entries, ct));

    public Task<IReadOnlyList<OutboxEntry>?> TryUpdateManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct) => entries[0].State switch
    {
        OutboxState.Sent or OutboxState.Pending or OutboxState.Failed
            => AroundAsync(entries, CrashPoint.BeforeStatusWrite, CrashPoint.AfterStatusWrite, () => inner.TryUpdateManyAsync(entries, ct)),
        _ => inner.TryUpdateManyAsync(entries, ct),
    };

    public Task RecordFailureAsync(OutboxEntry entry, CancellationToken ct) => inner.RecordFailureAsync(entry, ct);

    private Task<OutboxEntry?> AroundAsync(OutboxEntry entry, CrashPoint before, CrashPoint after, Func<Task<OutboxEntry?>> write) =>
        AroundAsync([entry], before, after, write);

    private async Task<T?> AroundAsync<T>(IReadOnlyList<OutboxEntry> entries, CrashPoint before, CrashPoint after, Func<Task<T?>> write)
        where T : class
    {
        Crash(before, entries);
        var written = await write();
        if (written is not null)
        {
            Crash(after, entries);
        }
        return written;
    }

    /// <summary>A write of several rows dies once for all of them (the process dies once, whatever the group size).</summary>
    private void Crash(CrashPoint at, IReadOnlyList<OutboxEntry> entries)
    {
        if (at == point && entries.Select(e => _crashed.TryAdd(e.IdempotencyKey, true)).ToList().Contains(true)) // marks them all
        {
            throw new SimulatedCrash($"{at} for {string.Join(", ", entries.Select(e => e.IdempotencyKey))}");
        }
    }
}
