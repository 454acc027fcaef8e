using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>
/// Reminders due in the same hour are claimed and recorded in groups (one entity-group transaction each): what happens
/// when a group meets rows another sweeper claimed, when the process dies between a group's claim and its outcome,
/// when one delivery of a group fails, and when the outbox holds rows of the previous layout.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderBatchClaimTests(AzuriteFixture azurite)
{
    // Accountability date Monday 2026-05-04: every commitment's "3 days before" reminder is due Wed 29 Apr 13:00Z.
    private static readonly LocalDate Date = new(2026, 5, 4);
    private static readonly DateTimeOffset Due = new(2026, 4, 29, 13, 0, 0, TimeSpan.Zero);
    private const int N = 10; // more than one claim group (ClaimBatch 8)

    /// <summary>A short first look-back: the first sweep reads two hour buckets, not the harness's sixty days.</summary>
    private RemindersHarness NewHarness(LoopbackChannel? channel = null) =>
        new(azurite, options: new ReminderOptions { InitialLookback = TimeSpan.FromHours(1) }, channel: channel);

    private static async Task<List<Commitment>> SeedAsync(RemindersHarness h)
    {
        var result = new List<Commitment>();
        for (var i = 0; i < N; i++)
        {
            result.Add(await h.CreateAsync(Date, RemindersHarness.Ana with { Id = $"aad-{i}", AadObjectId = $"aad-{i}" }));
        }
        return result;
    }

    private static ScheduledReminder M3(Commitment c) => c.Reminders.Single(r => r.Kind.Token == "m3");

    [Fact]
    public async Task A_group_that_meets_rows_another_sweeper_claimed_sends_the_rest_and_leaves_those_to_their_owner()
    {
        var h = NewHarness();
        var commitments = await SeedAsync(h);
        // Another sweeper claimed three of them (its rows: Sending, lease running) and is still sending.
        h.Time.SetUtcNow(Due);
        var theirs = commitments.Take(3).ToList();
        foreach (var c in theirs)
        {
            Assert.NotNull(await h.Outbox.TryAddAsync(Claimed(c, h.Time.GetUtcNow() + h.Options.SendLease), default));
        }

        var ours = await h.SweepAtAsync(Due);

        Assert.Equal((N - 3, 3), (ours.Sent, ours.Busy));
        Assert.DoesNotContain(h.Channel.Deliveries, d => theirs.Any(c => c.Id == d.Commitment.Id));
        Assert.Equal(Due, ours.Checkpoint); // held at the bucket of the busy rows
        // The other sweeper died without recording: after its lease, the rows are probed (not delivered) and sent.
        var recovered = await h.SweepAtAsync(Due.AddMinutes(5));
        Assert.Equal(3, recovered.Sent);
        Assert.Equal(N, h.Channel.CountByKey().Count);
        Assert.All(h.Channel.CountByKey().Values, n => Assert.Equal(1, n));
        Assert.DoesNotContain(h.Channel.Deliveries, d => d.PossibleRedelivery); // the probe said "not delivered"
        foreach (var c in commitments)
        {
            Assert.Equal(OutboxState.Sent, (await h.OutboxOfAsync(c)).Single(o => o.KindToken == "m3").State);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_crash_between_a_groups_claim_and_its_outcome_sends_each_reminder_once_or_flags_the_second_copy(bool probing)
    {
        var h = NewHarness(new LoopbackChannel { CanProbe = probing });
        await SeedAsync(h);
        var crash = new CrashOnceAt(h.Outbox, CrashPoint.BeforeStatusWrite); // the group was sent, its outcome not written

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SweepAtAsync(Due, crash));
        var sentBeforeCrash = h.Channel.Deliveries.Count;
        var leased = await h.SweepAtAsync(Due.AddMinutes(1), crash); // the dead sweep's leases still run
        var recovered = await h.SweepAtAsync(Due.AddMinutes(5), crash);
        var again = await h.SweepAtAsync(Due.AddMinutes(10), crash);

        Assert.InRange(sentBeforeCrash, 1, h.Options.SweepConcurrency); // at most the claimed-and-unrecorded reminders
        Assert.Equal(0, again.Sent + again.Busy);
        var counts = h.Channel.CountByKey();
        Assert.Equal(N, counts.Count); // none lost
        Assert.Equal(N, leased.Sent + leased.Busy); // the dead sweep's rows wait for their leases…
        Assert.Equal(leased.Busy, recovered.Sent); // …and are recovered after them
        if (probing)
        {
            Assert.All(counts.Values, n => Assert.Equal(1, n)); // the probe recorded the sent ones without a second message
        }
        else
        {
            var twice = counts.Where(p => p.Value > 1).Select(p => p.Key).ToList();
            Assert.True(twice.Count <= h.Options.SweepConcurrency, $"{twice.Count} resent");
            Assert.All(twice, key => Assert.Equal([false, true], h.Channel.Deliveries.Where(d => d.IdempotencyKey == key).Select(d => d.PossibleRedelivery)));
            Assert.All(counts.Where(p => p.Value == 1), p => Assert.False(h.Channel.Deliveries.Single(d => d.IdempotencyKey == p.Key).PossibleRedelivery));
        }
    }

    [Fact]
    public async Task One_failed_delivery_in_a_group_is_requeued_and_the_others_are_recorded_sent()
    {
        var h = NewHarness();
        var commitments = await SeedAsync(h);
        var unlucky = commitments[4];
        var failing = true;
        h.Channel.Script = m => failing && m.Commitment.Id == unlucky.Id ? new DeliveryResult.Failed("500 from connector") : null;

        var first = await h.SweepAtAsync(Due);
        failing = false;
        var retry = await h.SweepAtAsync(Due.AddMinutes(5)); // backoff after one attempt: 1 minute

        Assert.Equal((N - 1, 1, 0), (first.Sent, first.Requeued, first.Failed));
        Assert.Equal(1, retry.Sent);
        Assert.All(h.Channel.CountByKey().Values, n => Assert.Equal(1, n));
        Assert.Equal(N, h.Channel.CountByKey().Count);
        foreach (var c in commitments)
        {
            var row = (await h.OutboxOfAsync(c)).Single(o => o.KindToken == "m3");
            Assert.Equal((OutboxState.Sent, c.Id == unlucky.Id ? 2 : 1), (row.State, row.Attempts));
        }
    }

    [Fact]
    public async Task Rows_of_the_previous_layout_are_honoured_and_carried_over()
    {
        var h = NewHarness();
        var commitments = await SeedAsync(h);
        var sentBefore = commitments[0];   // the old version sent it and died before deleting its index row
        var inFlight = commitments[1];     // the old version is sending it right now
        var old = await h.Tables.GetAsync(LegacyOutboxRows.TableName);
        h.Time.SetUtcNow(Due);
        await old.AddEntityAsync(OldRow(sentBefore, "Sent", leaseUntil: null));
        await old.AddEntityAsync(OldRow(inFlight, "Sending", leaseUntil: Due + h.Options.SendLease));

        var report = await h.SweepAtAsync(Due);
        var later = await h.SweepAtAsync(Due.AddMinutes(5));

        Assert.Equal((N - 2, 1), (report.Sent, report.Busy));
        Assert.Equal(1, later.Sent); // the in-flight one, after its lease, probed and sent once
        Assert.DoesNotContain(h.Channel.Deliveries, d => d.Commitment.Id == sentBefore.Id);
        Assert.Single(h.Channel.Deliveries, d => d.Commitment.Id == inFlight.Id);
        var carried = (await h.OutboxOfAsync(sentBefore)).Single(o => o.KindToken == "m3");
        Assert.Equal((OutboxState.Sent, "act-old"), (carried.State, carried.ActivityId));
        Assert.NotNull(await h.Outbox.GetAsync(sentBefore.Id, "m3", M3(sentBefore).DueUtc.ToUnixTimeTicks(), default)); // in the new layout now
    }

    private static OutboxEntry Claimed(Commitment c, DateTimeOffset leaseUntil) => new()
    {
        CommitmentId = c.Id,
        Unit = c.Unit,
        KindToken = "m3",
        DueTicks = M3(c).DueUtc.ToUnixTimeTicks(),
        IdempotencyKey = new DueReminder(c.Unit, c.Id, M3(c).Kind, M3(c).DueUtc, M3(c).DueUtc).IdempotencyKey,
        State = OutboxState.Sending,
        Attempts = 1,
        LeaseUntil = leaseUntil,
        CreatedAt = Due,
        UpdatedAt = Due,
    };

    /// <summary>A row as the previous layout wrote it: PartitionKey = commitment id, RowKey = kind_dueTicks.</summary>
    private static TableEntity OldRow(Commitment c, string state, DateTimeOffset? leaseUntil)
    {
        var due = M3(c).DueUtc.ToUnixTimeTicks();
        return new TableEntity(TableKeys.Escape(c.Id), $"m3_{due:D19}")
        {
            ["CommitmentId"] = c.Id,
            ["Unit"] = c.Unit,
            ["Kind"] = "m3",
            ["DueTicks"] = due,
            ["IdempotencyKey"] = $"{c.Id}|m3|{due:D19}",
            ["State"] = state,
            ["Target"] = "Personal",
            ["Attempts"] = 1,
            ["CreatedAt"] = Due.AddMinutes(-30),
            ["UpdatedAt"] = Due.AddMinutes(-30),
            ["LeaseUntil"] = leaseUntil,
            ["ActivityId"] = state == "Sent" ? "act-old" : null,
            ["PossibleRedelivery"] = false,
        };
    }
}
