using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Reminders;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>
/// The sweep's storage cost per reminder, counted on the wire (every HTTP request to Azurite through a counting
/// handler), not on a mock: reminders due in the same hour are claimed and recorded Reminders:ClaimBatch to a
/// transaction, so a reminder's own share is 2 / ClaimBatch round trips, plus its share of the bucket's queries and
/// batched deletes — well under the bound of 3.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderRoundTripTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly LocalDate Date = new(2026, 5, 4);

    [Fact]
    public async Task Reminders_due_in_the_same_hour_cost_a_fraction_of_a_storage_round_trip_each_and_are_delivered_once()
    {
        var counter = new CountingHandler();
        var client = new TableServiceClient(azurite.ConnectionString, new TableClientOptions
        {
            Transport = new HttpClientTransport(new HttpClient(counter)),
        });
        var h = new RemindersHarness(azurite, client: client);
        const int Units = 4, PerUnit = 10, N = Units * PerUnit;
        for (var i = 0; i < N; i++)
        {
            await h.CreateAsync(Date, RemindersHarness.Ana with { Id = $"aad-{i}", AadObjectId = $"aad-{i}" }, unit: $"JUNJI-1310{i % Units}");
        }
        await h.SweepAtAsync(new DateTimeOffset(2026, 4, 29, 12, 55, 0, TimeSpan.Zero)); // nothing due yet: sets the checkpoint
        await h.Outbox.GetAsync("warm-up", "m3", 0, default); // the outbox table exists, as in production after the first send
        var legacy = await h.Legacy().ListForCommitmentAsync("warm-up", default); // no table of the old layout: nothing to carry over
        Assert.Empty(legacy);
        counter.Reset();

        var report = await h.SweepAtAsync(new DateTimeOffset(2026, 4, 29, 13, 0, 0, TimeSpan.Zero)); // the "3 days before" reminders

        Assert.Equal(N, report.Sent);
        Assert.Equal(N, h.Channel.CountByKey().Count);
        Assert.All(h.Channel.CountByKey().Values, n => Assert.Equal(1, n));
        output.WriteLine($"{counter.Total} requests for {N} reminders ({(double)counter.Total / N:0.00} each): {counter}");
        var byTable = counter.ByTable();
        var groups = (N + h.Options.ClaimBatch - 1) / h.Options.ClaimBatch;
        Assert.Equal(0, byTable.GetValueOrDefault("ReminderOutboxByHour")); // no single-row claim or outcome: all in transactions
        Assert.Equal(1, byTable.GetValueOrDefault("ReminderOutbox")); // "any row of the old layout?", once per process
        Assert.Equal(2 * groups + 1, byTable.GetValueOrDefault("$batch")); // a claim and an outcome per group, one index delete
        Assert.True(byTable.GetValueOrDefault("Commitments") <= Units, "one commitments query per unit: " + counter);
        Assert.True(counter.Total <= N / 2, $"{counter.Total} requests for {N} reminders: {counter}");
    }

    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly ConcurrentQueue<string> _requests = new();

        public int Total => _requests.Count;

        public void Reset() => _requests.Clear();

        /// <summary>Requests by logical table ("$batch" for entity-group transactions).</summary>
        public Dictionary<string, int> ByTable() => _requests
            .Select(path => new[] { "ReminderOutboxByHour", "ReminderOutbox", "ReminderDue", "ReminderSweep", "ReminderFailures", "CommitmentIndex", "Commitments", "$batch" }
                .FirstOrDefault(path.Contains) ?? path)
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());

        public override string ToString() => string.Join(", ", ByTable().Select(p => $"{p.Key}: {p.Value}"));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _requests.Enqueue(Uri.UnescapeDataString(request.RequestUri!.AbsolutePath));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
