using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Cli;

/// <summary>
/// Dry runs and read-only verbs leave Azurite exactly as it was: the same tables and the same entities (keys and
/// ETags) before and after — on an empty account (no table is created) and on one with data (nothing is updated).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DryRunTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bitacora-cli-dry-").FullName;

    [Fact]
    public async Task On_an_empty_account_dry_runs_and_reads_create_no_table()
    {
        var prefix = azurite.NewTablePrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--table-prefix", prefix];

        var import = await CliRun.RunAsync(["territories", "import", CliRun.Sample("territories.csv"), "--dry-run", .. storage]);
        var sweep = await CliRun.RunAsync(["reminders", "run", "--at", "2026-05-04T09:00:00-04:00", .. storage]);
        var export = await CliRun.RunAsync(["export", "commitments", "--territory", "16-1", "--format", "csv", .. storage]);

        Assert.True(import.Code == 0, import.Error);
        Assert.Contains("Vista previa (no se guardó nada): se crearían 2", import.Out);
        Assert.True(sweep.Code == 0, sweep.Error);
        Assert.Contains("0 recordatorio(s) pendiente(s)", sweep.Out);
        Assert.Equal(ExitCodes.Data, export.Code); // nothing registered: a data error, not a crash
        Assert.Contains("no hay un territorio 16-1 registrado", export.Error);
        Assert.Empty(await SnapshotAsync(prefix));
    }

    [Fact]
    public async Task On_an_account_with_data_dry_runs_change_nothing()
    {
        var prefix = azurite.NewTablePrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--table-prefix", prefix];
        Assert.Equal(0, (await CliRun.RunAsync(["territories", "import", CliRun.Sample("territories.csv"), .. storage])).Code);
        Assert.Equal(0, (await CliRun.RunAsync(["units", "import", CliRun.Sample("units.csv"), .. storage])).Code);
        var changed = Path.Combine(_folder, "territorios.csv");
        await File.WriteAllTextAsync(changed, "region,number,name,communes\nÑuble,1,Diguillín Norte,Chillán|Bulnes\nÑuble,3,Itata,Quirihue\n");
        var before = await SnapshotAsync(prefix);

        var import = await CliRun.RunAsync(["territories", "import", changed, "--dry-run", .. storage]);
        var sweep = await CliRun.RunAsync(["reminders", "run", "--at", "2026-05-04T09:00:00-04:00", .. storage]);
        var export = await CliRun.RunAsync(["export", "participation", "--territory", "16-1", "--period", "2026", "--format", "csv", .. storage]);

        Assert.True(import.Code == 0, import.Error);
        Assert.Contains("se actualizarían 1", import.Out);
        Assert.Contains("se crearían 1", import.Out);
        Assert.True(sweep.Code == 0, sweep.Error);
        Assert.True(export.Code == 0, export.Error);
        Assert.NotEmpty(before);
        Assert.Equal(before, await SnapshotAsync(prefix));
    }

    [Fact]
    public async Task A_read_only_client_refuses_writes_before_they_leave_the_process()
    {
        var prefix = azurite.NewTablePrefix();
        var options = new TableStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = prefix, ReadOnly = true };
        var tables = new TableClientProvider(options.CreateServiceClient(), prefix);

        var table = await tables.GetAsync("Probe");
        var rows = await table.QueryAsync<TableEntity>().ToListAsync();
        var write = await Assert.ThrowsAsync<ReadOnlyStorageException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Empty(rows);
        Assert.Contains("POST", write.Message);
        Assert.Empty(await SnapshotAsync(prefix));
    }

    [Fact]
    public async Task A_refused_key_is_storage_unreachable_in_one_line()
    {
        var wrongKey = azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);

        var run = await CliRun.RunAsync("territories", "import", CliRun.Sample("territories.csv"), "--storage", wrongKey);

        Assert.Equal(ExitCodes.StorageUnreachable, run.Code);
        var line = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("HTTP 403", line);
        Assert.Contains("acceso denegado", line);
    }

    /// <summary>Every table with the prefix and every entity in it: table, keys and ETag (changes on any write).</summary>
    private async Task<List<string>> SnapshotAsync(string prefix)
    {
        var service = azurite.CreateServiceClient();
        var result = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            result.Add(table.Name);
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                result.Add($"{table.Name}/{entity.PartitionKey}/{entity.RowKey}/{entity.ETag}");
            }
        }
        return result.Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
