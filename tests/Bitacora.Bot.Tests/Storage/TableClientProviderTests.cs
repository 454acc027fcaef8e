using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableClientProviderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Creates_the_table_once_and_returns_a_working_client()
    {
        var provider = new TableClientProvider(azurite.CreateServiceClient(), azurite.NewTablePrefix());

        var first = await provider.GetAsync("Probe");
        var second = await provider.GetAsync("Probe");
        await first.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "ñandú" });

        Assert.Same(first, second);
        var read = await second.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal("ñandú", read.Value.GetString("Value"));
    }

    [Theory]
    [InlineData("29:1abc/def#x?y\\z%")]
    [InlineData("a:b;messageid=123")]
    [InlineData("Región de Ñuble")]
    public async Task Escaped_keys_are_accepted_by_table_storage_and_round_trip(string raw)
    {
        var provider = new TableClientProvider(azurite.CreateServiceClient(), azurite.NewTablePrefix());
        var table = await provider.GetAsync("Keys");
        var key = TableKeys.Escape(raw);

        await table.AddEntityAsync(new TableEntity(key, key));

        var read = await table.GetEntityAsync<TableEntity>(key, key);
        Assert.Equal(raw, TableKeys.Unescape(read.Value.RowKey));
    }

    [Fact]
    public void Newest_first_keys_sort_later_instants_first()
    {
        var earlier = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(-3));
        var later = earlier.AddMinutes(1);

        Assert.True(string.CompareOrdinal(TableKeys.NewestFirst(later), TableKeys.NewestFirst(earlier)) < 0);
        Assert.True(string.CompareOrdinal(TableKeys.OldestFirst(earlier), TableKeys.OldestFirst(later)) < 0);
    }
}
