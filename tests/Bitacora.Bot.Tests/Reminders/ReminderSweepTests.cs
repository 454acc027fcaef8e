using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

[Collection(AzuriteCollection.Name)]
public sealed class ReminderSweepTests(AzuriteFixture azurite)
{
    // Accountability date Monday 2026-05-04; reminders (Santiago, -04): Fri 1 May, Mon 4, Tue 5, Mon 11 May at 09:00 = 13:00Z.
    private static readonly LocalDate Date = new(2026, 5, 4);
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_commitment_walks_through_every_offset_and_becomes_vencido_after_the_date()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);

        // Offsets in working days: Wed 29 Apr (3 before Mon 4), Mon 4, Tue 5, Wed 13 (7 after, weekend not counted).
        var early = await h.SweepAtAsync(Utc(4, 29, 12, 55));
        Assert.Equal(0, early.Sent);
        foreach (var (at, kind) in new[] { (Utc(4, 29, 13, 0), "m3"), (Utc(5, 4, 13, 5), "d0"), (Utc(5, 5, 13, 0), "p1"), (Utc(5, 13, 13, 5), "p7") })
        {
            var report = await h.SweepAtAsync(at);
            Assert.Equal(1, report.Sent);
            Assert.Equal(kind, h.Channel.Deliveries.Last().Kind.Token);
            Assert.IsType<ReminderTarget.Personal>(h.Channel.Deliveries.Last().Target);
        }
        var after = await h.SweepAtAsync(Utc(5, 20, 13, 0));

        Assert.Equal(0, after.Sent);
        Assert.Equal(4, h.Channel.Deliveries.Count);
        Assert.All(h.Channel.CountByKey().Values, n => Assert.Equal(1, n));
        var stored = await h.Commitments.GetAsync(c.Id, default);
        Assert.Equal(CommitmentStatus.Vencido, stored!.Status);
        var outbox = await h.OutboxOfAsync(c);
        Assert.Equal(4, outbox.Count);
        Assert.All(outbox, o => { Assert.Equal(OutboxState.Sent, o.State); Assert.NotNull(o.ActivityId); Assert.Equal(1, o.Attempts); });
    }

    [Fact]
    public async Task The_sweep_reads_only_the_buckets_since_its_checkpoint()
    {
        var h = new RemindersHarness(azurite);
        await h.CreateAsync(Date);
        await h.SweepAtAsync(Utc(5, 1, 13, 0));

        var next = await h.SweepAtAsync(Utc(5, 1, 13, 5));

        Assert.Equal(2, next.BucketsRead); // the previous hour (safety) and the current one
        Assert.Equal(0, next.EntitiesRead);
    }

    [Fact]
    public async Task A_reschedule_rederives_reminders_and_the_old_ones_are_not_sent()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);
        h.Time.SetUtcNow(Utc(4, 25, 12, 0));

        var result = await h.Commitments.RescheduleAsync(c.Id, c.Version, new LocalDate(2026, 5, 18), RemindersHarness.Ana, "paro", default);

        var updated = Assert.IsType<CommitmentUpdateResult.Updated>(result).Commitment;
        Assert.Equal(CommitmentStatus.Ajustado, updated.Status);
        await h.SweepAtAsync(Utc(5, 12, 0, 0)); // every old reminder is due by now
        Assert.Empty(h.Channel.Deliveries);
        await h.SweepAtAsync(Utc(5, 15, 13, 0)); // new -3: Fri 15 May
        var sent = Assert.Single(h.Channel.Deliveries);
        Assert.Equal("m3", sent.Kind.Token);
        Assert.Equal(new LocalDate(2026, 5, 18), sent.Commitment.AccountabilityDate);
    }

    [Fact]
    public async Task A_closed_commitment_gets_no_after_reminders()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);
        await h.SweepAtAsync(Utc(5, 4, 13, 0));
        Assert.Equal(2, h.Channel.Deliveries.Count);

        var done = await h.Commitments.MarkDoneAsync(c.Id, c.Version, new CommitmentEvidence("Acta firmada", "https://x/acta.pdf"),
            RemindersHarness.Ana, null, default);
        Assert.IsType<CommitmentUpdateResult.Updated>(done);
        var report = await h.SweepAtAsync(Utc(5, 12, 0, 0));

        Assert.Equal(0, report.Sent);
        Assert.Equal(2, h.Channel.Deliveries.Count);
    }

    [Fact]
    public async Task Unreachable_one_to_one_falls_back_to_the_session_conversation_mentioning_the_person()
    {
        var h = new RemindersHarness(azurite);
        h.Channel.Script = m => m.Target is ReminderTarget.Personal ? new DeliveryResult.Unreachable(403) : null;
        var c = await h.CreateAsync(Date);

        var report = await h.SweepAtAsync(Utc(5, 1, 13, 0));

        Assert.Equal(1, report.SentToFallback);
        var target = Assert.IsType<ReminderTarget.SessionConversation>(Assert.Single(h.Channel.Deliveries).Target);
        Assert.Equal("19:session@thread.v2", target.ConversationId);
        Assert.Equal("aad-ana", target.Mention.Id);
        var row = Assert.Single(await h.OutboxOfAsync(c));
        Assert.Equal(OutboxTarget.SessionConversation, row.Target);
    }

    [Fact]
    public async Task A_long_retry_after_requeues_the_reminder_and_a_later_sweep_delivers_it()
    {
        var h = new RemindersHarness(azurite);
        var throttled = true;
        h.Channel.Script = _ => throttled ? new DeliveryResult.RetryLater(TimeSpan.FromMinutes(10), "429") : null;
        var c = await h.CreateAsync(Date);

        var first = await h.SweepAtAsync(Utc(5, 1, 13, 0));
        throttled = false;
        var tooSoon = await h.SweepAtAsync(Utc(5, 1, 13, 5));
        var later = await h.SweepAtAsync(Utc(5, 1, 13, 15));

        Assert.Equal((1, 0, 1), (first.Requeued, tooSoon.Sent, later.Sent));
        var row = Assert.Single(await h.OutboxOfAsync(c));
        Assert.Equal((OutboxState.Sent, 2), (row.State, row.Attempts));
    }

    [Fact]
    public async Task Short_retry_after_is_waited_for_inline_on_the_injected_clock()
    {
        var h = new RemindersHarness(azurite);
        var calls = 0;
        h.Channel.Script = _ => ++calls == 1 ? new DeliveryResult.RetryLater(TimeSpan.FromSeconds(2)) : null;
        await h.CreateAsync(Date);
        h.Time.SetUtcNow(Utc(5, 1, 13, 0));

        var sweep = h.NewSweep().RunAsync(Utc(5, 1, 13, 0), default);
        while (!sweep.IsCompleted)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(500)); // drives Task.Delay(…, TimeProvider); nothing sleeps
            await Task.Delay(1);
        }
        var report = await sweep;

        Assert.Equal(1, report.Sent);
        Assert.Single(h.Channel.Deliveries);
    }

    [Fact]
    public async Task Failures_are_bounded_and_the_final_failure_is_recorded_and_listed()
    {
        var h = new RemindersHarness(azurite, options: new ReminderOptions { InitialLookback = TimeSpan.FromDays(60), MaxAttempts = 3 });
        h.Channel.Script = _ => new DeliveryResult.Failed("500 from connector");
        var c = await h.CreateAsync(Date);

        var at = Utc(5, 1, 13, 0);
        for (var i = 0; i < 6; i++)
        {
            await h.SweepAtAsync(at);
            at = at.AddHours(1);
        }

        Assert.Equal(3, h.Channel.Calls.Count(m => m.Kind.Token == "m3"));
        var row = (await h.OutboxOfAsync(c)).Single(o => o.KindToken == "m3");
        Assert.Equal((OutboxState.Failed, 3), (row.State, row.Attempts));
        Assert.Contains("500 from connector", row.LastError);
        Assert.Contains(await h.Outbox.ListFailuresAsync(10, default), f => f.IdempotencyKey == row.IdempotencyKey);
    }

    [Theory]
    [InlineData(CrashPoint.BeforeClaim)]
    [InlineData(CrashPoint.AfterClaim)]
    [InlineData(CrashPoint.BeforeStatusWrite)] // = after the send
    [InlineData(CrashPoint.AfterStatusWrite)]
    public async Task A_sweep_dying_at_any_step_and_rerun_delivers_every_due_reminder_exactly_once(CrashPoint point)
    {
        var h = new RemindersHarness(azurite);
        var commitments = new[] { await h.CreateAsync(Date), await h.CreateAsync(Date.PlusDays(1)) };
        var crash = new CrashOnceAt(h.Outbox, point);
        var at = Utc(5, 20, 13, 0); // all 8 reminders are due

        var runs = 0;
        while (true)
        {
            runs++;
            try
            {
                await h.SweepAtAsync(at, crash);
                break;
            }
            catch (SimulatedCrash)
            {
                at = at.AddMinutes(5); // the next cron tick; later than any lease the dead sweep held
            }
            Assert.True(runs < 20, "the sweep never completed");
        }

        Assert.Equal(8, crash.Crashes);
        var counts = h.Channel.CountByKey();
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        foreach (var c in commitments)
        {
            Assert.All(await h.OutboxOfAsync(c), o => Assert.Equal(OutboxState.Sent, o.State));
        }
        var again = await h.SweepAtAsync(at.AddMinutes(5));
        Assert.Equal(0, again.Sent);
        Assert.Equal(8, h.Channel.Deliveries.Count);
    }

    [Fact]
    public async Task Without_a_probing_channel_the_only_window_resends_once_flagged_as_possible_redelivery()
    {
        var h = new RemindersHarness(azurite, channel: new LoopbackChannel { CanProbe = false });
        await h.CreateAsync(Date);
        var crash = new CrashOnceAt(h.Outbox, CrashPoint.BeforeStatusWrite); // sent, then died before recording it

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SweepAtAsync(Utc(5, 1, 13, 0), crash));
        var busy = await h.SweepAtAsync(Utc(5, 1, 13, 1), crash); // lease (2 min) still held by the dead sweep
        var recovered = await h.SweepAtAsync(Utc(5, 1, 13, 5), crash);

        Assert.Equal((1, 0), (busy.Busy, busy.Sent));
        Assert.Equal(1, recovered.Sent);
        Assert.Equal([false, true], h.Channel.Deliveries.Select(d => d.PossibleRedelivery));
    }

    [Fact]
    public async Task Two_sweeps_running_at_once_do_not_double_send()
    {
        var h = new RemindersHarness(azurite);
        for (var i = 0; i < 5; i++)
        {
            await h.CreateAsync(Date);
        }
        var at = Utc(5, 20, 13, 0);
        h.Time.SetUtcNow(at);

        var reports = await Task.WhenAll(h.NewSweep().RunAsync(at, default), h.NewSweep().RunAsync(at, default));
        await h.SweepAtAsync(at.AddMinutes(5)); // whatever one saw as busy is final now

        Assert.Equal(20, h.Channel.CountByKey().Count);
        Assert.All(h.Channel.CountByKey().Values, n => Assert.Equal(1, n));
        Assert.True(reports.Sum(r => r.Sent) <= 20);
    }

    [Fact]
    public async Task A_person_in_punta_arenas_is_reminded_at_nine_local_time()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/Punta_Arenas"];
        var provider = new FixedHours(ReminderPolicy.Default.DefaultHours with { Zone = zone });
        var h = new RemindersHarness(azurite, provider);
        await h.CreateAsync(Date);

        var beforeNine = await h.SweepAtAsync(Utc(4, 29, 11, 59)); // 08:59 in Punta Arenas (-03)
        var atNine = await h.SweepAtAsync(Utc(4, 29, 12, 0)); // 09:00 there, 08:00 in Santiago

        Assert.Equal((0, 1), (beforeNine.Sent, atNine.Sent));
        Assert.Equal(Utc(4, 29, 12, 0), h.Channel.Deliveries.Single().DueUtc);
    }

    private sealed class FixedHours(WorkingHours hours) : IWorkingHoursProvider
    {
        public ValueTask<WorkingHours> GetAsync(PersonRef person, CancellationToken cancellationToken) => new(hours);
    }
}
