using System.Diagnostics;
using Azure.Data.Tables;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Summaries;
using Bitacora.Testing;
using NodaTime;
using Xunit.Abstractions;

namespace Bitacora.E2E.Tests.ScaleOut;

/// <summary>
/// Issue 17: several bot processes behind one bot, on one Azurite and one PostgreSQL. Proves that what must be
/// cluster-wide is: the duplicate-activity guard (Table Storage), the reminder outbox and the summary outbox (exactly
/// once through ETag claims), and the app-wide send rate (one sweeper at a time through Hangfire's distributed lock,
/// so one process's limiter is the cluster's). Real time: the instances run on the system clock (the bot has no
/// test clock), so the reminders are seeded due a minute ago and every wait is a bounded poll on a condition.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(100);

    /// <summary>Teams' documented global limit per app per tenant (requests per second).</summary>
    private const int TeamsPerTenantLimit = 50;

    [Fact]
    public async Task Inbound_activities_spread_over_the_instances_and_a_retry_on_another_instance_runs_once()
    {
        var live = cluster.Live;
        Assert.True(live.Count >= 2, cluster.Diagnostics());
        var users = new[] { ("user-id-0", "Alex Wilber", "00000000-0000-0000-0000-0000000000020"),
                            ("user-id-1", "Megan Bowen", "00000000-0000-0000-0000-0000000000021"),
                            ("user-id-2", "Adele Vance", "00000000-0000-0000-0000-0000000000022"),
                            ("user-id-4", "Patti Fernandez", "00000000-0000-0000-0000-0000000000024") };
        var ids = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var (user, name, aad) = users[i % users.Length];
            var id = $"in-{Guid.NewGuid():N}";
            ids.Add(id);
            var activity = ClusterSeed.Message(cluster.Connector.ServiceUrl, id, user, name, aad, "quién soy");
            var first = live[i % live.Count];
            var other = live[(i + 1) % live.Count];
            if (i % 2 == 0)
            {
                // Teams retried after a slow answer: the same activity reaches another instance afterwards.
                Assert.True((await cluster.PostAsync(first, activity)).IsSuccessStatusCode);
                Assert.True((await cluster.PostAsync(other, activity)).IsSuccessStatusCode);
            }
            else
            {
                // The retry overlaps the first delivery: both instances get it at once.
                var answers = await Task.WhenAll(cluster.PostAsync(first, activity), cluster.PostAsync(other, activity));
                Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, a.StatusCode.ToString()));
            }
        }

        // Every POST above returned after its turn (or its duplicate acknowledgement) finished: the replies are all in.
        var replies = cluster.Connector.Calls.Where(c => c.IsReply && ids.Contains(c.ActivityId!)).GroupBy(c => c.ActivityId!)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ids, id => Assert.Equal(1, replies.GetValueOrDefault(id)));
        var claims = await ClaimedAsync(ids);
        Assert.Equal(ids.Count, claims);
    }

    [Fact]
    public async Task A_thousand_due_reminders_go_out_once_each_within_the_app_rate_and_the_summary_once_per_recipient()
    {
        const int due = 1_000;
        var run = "r" + Guid.NewGuid().ToString("N")[..6];
        var seed = new ClusterSeed(cluster.Tables, cluster.Connector.ServiceUrl);
        var now = SystemClock.Instance.GetCurrentInstant();
        await seed.DueRemindersAsync(run, due, people: 250, now - Duration.FromMinutes(1));

        // Two recipients of the semester summary open their 1:1 with the bot, each on a different instance.
        var live = cluster.Live;
        Assert.True((await cluster.PostAsync(live[0], ClusterSeed.Message(cluster.Connector.ServiceUrl, "s-" + run + "-alex",
            "user-id-0", "Alex Wilber", "00000000-0000-0000-0000-0000000000020", "hola"))).IsSuccessStatusCode);
        Assert.True((await cluster.PostAsync(live[1], ClusterSeed.Message(cluster.Connector.ServiceUrl, "s-" + run + "-adele",
            "user-id-2", "Adele Vance", "00000000-0000-0000-0000-0000000000022", "hola"))).IsSuccessStatusCode);

        var clock = Stopwatch.StartNew();
        // Every instance is asked to sweep, over and over (as each one's cron would): the lock lets one at a time send.
        await SweepUntilAsync(() => ClusterSeed.Reminders(cluster.Connector, run).Select(r => r.Number).Distinct().Count() >= due,
            triggersPerRound: cluster.Live.Count);
        var elapsed = clock.Elapsed;
        // Both summary schedules fire on every instance; each (recipient, subject) still gets one card.
        foreach (var _ in cluster.Live)
        {
            cluster.Trigger("semester-summary-07-31");
            cluster.Trigger("semester-summary-12-15");
        }
        await WaitForAsync(() => cluster.Enqueued() == 0 && cluster.Running(nameof(SemesterSummaryHangfireJob)) is null
                                 && SummaryCards().Count >= 2, "the summary runs");

        var reminders = ClusterSeed.Reminders(cluster.Connector, run);
        Assert.Equal(due, reminders.Count); // no duplicates
        Assert.Equal(Enumerable.Range(0, due), reminders.Select(r => r.Number).Order());
        Assert.DoesNotContain(reminders, r => r.Flagged);
        var peak = ClusterSeed.MaxPerSecond(reminders.Select(r => r.Call.ReceivedAt));
        var span = reminders[^1].Call.ReceivedAt - reminders[0].Call.ReceivedAt;
        var average = (reminders.Count - 1) / span.TotalSeconds;
        output.WriteLine($"{due} reminders across {cluster.Live.Count} instances in {elapsed.TotalSeconds:F1} s: " +
                         $"peak {peak} sends in any 1 s, average {average:F1}/s (bot cap {ScaleOutCluster.AppPerSecond}/s, " +
                         $"Teams {TeamsPerTenantLimit}/s per app per tenant), duplicates {reminders.Count - due}");
        // The limiter spaces slots at 30/s; a send reaches the connector a little after its slot, so a one-second window
        // at the connector can also hold the ≤ SweepConcurrency sends whose slots were taken just before it:
        // cap + concurrency (38) is the bound, under Teams' 50/s. Two sweepers at once would arrive at ≈ 60/s.
        var bound = ScaleOutCluster.AppPerSecond + new ReminderOptions().SweepConcurrency;
        Assert.True(peak <= bound, $"peak {peak}/s at the connector over {bound}: two sweepers sent at once?");
        Assert.True(bound < TeamsPerTenantLimit);
        Assert.True(average <= ScaleOutCluster.AppPerSecond, $"average {average:F1}/s");
        Assert.Equal(due, await OutboxCountAsync(run, OutboxState.Sent));

        var summaries = SummaryCards();
        output.WriteLine($"semester summary cards: {summaries.Count} ({string.Join(", ", summaries.Select(s => s.ConversationId))})");
        Assert.Equal(summaries.Count, summaries.Select(s => (s.ConversationId, Content(s))).Distinct().Count());
        Assert.Contains(summaries, s => s.ConversationId == "a:dm-user-id-0");
        Assert.Contains(summaries, s => s.ConversationId == "a:dm-user-id-2");
        Assert.Equal(summaries.Count, await SummaryOutboxSentAsync());
    }

    [Fact]
    public async Task An_instance_killed_mid_sweep_leaves_the_rest_to_another_and_at_most_a_flagged_resend()
    {
        const int due = 300;
        var run = "k" + Guid.NewGuid().ToString("N")[..6];
        var seed = new ClusterSeed(cluster.Tables, cluster.Connector.ServiceUrl);
        await seed.DueRemindersAsync(run, due, people: 100, SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(1));
        Assert.True(cluster.Live.Count >= 2, cluster.Diagnostics());

        BotProcess? victim = null;
        await WaitForAsync(() =>
        {
            victim = cluster.Running(nameof(ReminderSweepJob));
            if (victim is null && cluster.Enqueued() == 0)
            {
                cluster.Trigger(RemindersServiceCollectionExtensions.SweepJobId);
            }
            return victim is not null && ClusterSeed.Reminders(cluster.Connector, run).Count >= 30;
        }, "a sweep under way");
        await victim!.KillAsync();
        var atKill = ClusterSeed.Reminders(cluster.Connector, run).Count;
        output.WriteLine($"killed {victim.Name} after {atKill} of {due} reminders");

        await SweepUntilAsync(() => ClusterSeed.Reminders(cluster.Connector, run).Select(r => r.Number).Distinct().Count() >= due,
            triggersPerRound: 1);

        var reminders = ClusterSeed.Reminders(cluster.Connector, run);
        Assert.Equal(Enumerable.Range(0, due), reminders.Select(r => r.Number).Distinct().Order()); // nothing lost
        var extra = reminders.GroupBy(r => r.Number).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"after the kill: {reminders.Count} cards for {due} reminders; resent {extra.Count}, " +
                         $"flagged «Posible reenvío» {reminders.Count(r => r.Flagged)}");
        // The only possible duplicates are the reminders in flight when the process died (at most SweepConcurrency),
        // and each second copy says «Posible reenvío».
        Assert.True(extra.Count <= new ReminderOptions().SweepConcurrency, string.Join(", ", extra.Select(g => g.Key)));
        Assert.True(reminders.Count(r => r.Flagged) <= new ReminderOptions().SweepConcurrency);
        Assert.All(extra, g => Assert.True(g.Skip(1).All(r => r.Flagged)));
        Assert.True(ClusterSeed.MaxPerSecond(reminders.Select(r => r.Call.ReceivedAt))
                    <= ScaleOutCluster.AppPerSecond + new ReminderOptions().SweepConcurrency);
        Assert.Equal(due, await OutboxCountAsync(run, OutboxState.Sent));
    }

    /// <summary>Enqueues sweeps (several at once when asked) until <paramref name="done"/>, within <see cref="Bound"/>.</summary>
    private async Task SweepUntilAsync(Func<bool> done, int triggersPerRound)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Reminders still missing after " + Bound + "\n" + cluster.Diagnostics());
            }
            if (cluster.Enqueued() == 0)
            {
                for (var i = 0; i < triggersPerRound; i++)
                {
                    cluster.Trigger(RemindersServiceCollectionExtensions.SweepJobId);
                }
            }
            await Task.Delay(500);
        }
    }

    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}\n{cluster.Diagnostics()}");
            }
            await Task.Delay(200);
        }
    }

    private List<ConnectorCall> SummaryCards() => cluster.Connector.Calls
        .Where(c => c.Card is not null && c.Card.ToJsonString().Contains("Informe de retroalimentaci", StringComparison.Ordinal)).ToList();

    /// <summary>Two cards with the same content in the same chat are the same summary sent twice.</summary>
    private static string Content(ConnectorCall call) => call.Card!.ToJsonString();

    private async Task<int> OutboxCountAsync(string run, OutboxState state)
    {
        // The outbox is partitioned by due hour; this run's rows are those of its commitments (ids start with the run).
        var table = await cluster.Tables.GetAsync("ReminderOutboxByHour");
        var n = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CommitmentId ge {run} and CommitmentId lt {run + "~"}")))
        {
            n += e.GetString("State") == state.ToString() ? 1 : 0;
        }
        return n;
    }

    private async Task<int> SummaryOutboxSentAsync()
    {
        var table = await cluster.Tables.GetAsync(SummaryOutbox.TableName);
        var n = 0;
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            n += e.GetString("State") == nameof(SummaryDeliveryState.Sent) ? 1 : 0;
        }
        return n;
    }

    private async Task<int> ClaimedAsync(IReadOnlyCollection<string> ids)
    {
        var table = await cluster.Tables.GetAsync("ProcessedActivities");
        var n = 0;
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            n += ids.Contains(e.RowKey) ? 1 : 0;
        }
        return n;
    }
}
