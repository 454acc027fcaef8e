using Bitacora.Bot.Commitments;
using Bitacora.Bot.Tests.Reminders;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// <see cref="CommitmentStore.GetManyAsync"/> reads a unit's commitments by id in as few queries as Table Storage allows:
/// the real service refuses a filter of more than 15 comparisons, which Azurite does not — the fixture's client does
/// (<see cref="TableQueryLimits"/>), so a query the service would refuse fails here too.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommitmentBatchReadTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Forty_ids_are_read_in_queries_of_at_most_fifteen_comparisons_and_missing_ids_are_absent()
    {
        var harness = new RemindersHarness(azurite);
        var created = new List<Commitment>();
        for (var i = 0; i < 40; i++)
        {
            created.Add(await harness.CreateAsync(new LocalDate(2026, 5, 4)));
        }

        var read = await harness.Store.GetManyAsync("JUNJI-13101", [.. created.Select(c => c.Id), "no-such-id"], CancellationToken.None);

        Assert.Equal(created.Select(c => c.Id).Order(), read.Keys.Order());
        Assert.All(created, c => Assert.Equal(c.What, read[c.Id].What));
    }

    [Fact]
    public void The_guard_counts_comparisons_outside_quoted_values()
    {
        Assert.Equal(2, TableQueryLimits.Comparisons("PartitionKey eq 'a eq b' and (RowKey eq 'x''s lt y')"));
        Assert.Equal(16, TableQueryLimits.Comparisons("PartitionKey eq 'u' and (" + string.Join(" or ", Enumerable.Range(0, 15).Select(i => $"RowKey eq 'c{i}'")) + ")"));
    }
}
