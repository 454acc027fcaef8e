using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>
/// One row per kind of registry data whose ETag changes whenever that data changes (by any instance, the importer or
/// the CLI): readers that keep it in memory compare the version with one point read instead of re-reading the
/// registry. <see cref="Scopes"/>: territories and units (the meeting flow's scope list); <see cref="People"/>: what
/// a person may do (roles, territories, name; not the Teams/AAD ids learnt on first contact), for the turn identity
/// cache. Bumped AFTER the registry write, so a reader that sees the new version also sees the data.
/// </summary>
public sealed class RegistryVersion(TableClientProvider tables, string kind = RegistryVersion.Scopes)
{
    public const string TableName = "RegistryVersion";
    public const string Scopes = "scopes";
    public const string People = "people";
    private const string Row = "version";
    private readonly string _partition = kind;

    /// <summary>The current version (the row's ETag); "none" before the first bump.</summary>
    public async Task<string> ReadAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(_partition, Row, select: ["PartitionKey"], cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity ? entity.ETag.ToString() : "none";
    }

    public async Task BumpAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(_partition, Row) { ["Change"] = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }
}
