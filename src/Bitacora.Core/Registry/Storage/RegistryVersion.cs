using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>
/// One row whose ETag changes whenever a territory or unit is created or changed (by any instance, the importer or
/// the CLI): readers that keep the scope list in memory compare it with one point read instead of re-reading the
/// registry (the meeting flow's scope list). Bumped AFTER the registry write, so a reader that sees the
/// new version also sees the data.
/// </summary>
public sealed class RegistryVersion(TableClientProvider tables)
{
    public const string TableName = "RegistryVersion";
    private const string Partition = "scopes";
    private const string Row = "version";

    /// <summary>The current version (the row's ETag); "none" before the first bump.</summary>
    public async Task<string> ReadAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, select: ["PartitionKey"], cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity ? entity.ETag.ToString() : "none";
    }

    public async Task BumpAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Change"] = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }
}
