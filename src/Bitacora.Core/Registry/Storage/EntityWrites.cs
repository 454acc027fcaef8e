using Bitacora.Bot.Storage;
using Azure;
using Azure.Data.Tables;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>The compare-then-conditionally-write step shared by the registry stores.</summary>
internal static class EntityWrites
{
    /// <summary>What <see cref="SaveIfChangedAsync"/> would do, without writing.</summary>
    public static async Task<(WriteOutcome Outcome, TableEntity? Existing)> PreviewAsync(
        TableClient table, TableEntity desired, CancellationToken ct)
    {
        var existing = await RegistryTables.TryGetAsync(table, desired.PartitionKey, desired.RowKey, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return (WriteOutcome.Created, null);
        }
        return (RegistryTables.SameContent(existing, desired) ? WriteOutcome.Unchanged : WriteOutcome.Updated, existing);
    }

    /// <summary>
    /// Creates the row if missing, leaves it alone if equal, else replaces it on the ETag it was read with:
    /// a concurrent writer in between yields <see cref="WriteOutcome.Conflict"/>, never a silent overwrite.
    /// </summary>
    /// <param name="beforeWrite">Runs once it is known that the row will be written, before the write (with the row read).</param>
    public static async Task<(WriteOutcome Outcome, TableEntity? Previous, ETag ETag)> SaveIfChangedAsync(
        TableClient table, TableEntity desired, CancellationToken ct, Func<TableEntity?, Task>? beforeWrite = null)
    {
        var existing = await RegistryTables.TryGetAsync(table, desired.PartitionKey, desired.RowKey, ct).ConfigureAwait(false);
        try
        {
            if (existing is null)
            {
                if (beforeWrite is not null) await beforeWrite(null).ConfigureAwait(false);
                var added = await table.AddEntityAsync(desired, ct).ConfigureAwait(false);
                return (WriteOutcome.Created, null, added.Headers.ETag ?? default);
            }
            if (RegistryTables.SameContent(existing, desired))
            {
                return (WriteOutcome.Unchanged, existing, existing.ETag);
            }
            if (beforeWrite is not null) await beforeWrite(existing).ConfigureAwait(false);
            var updated = await table.UpdateEntityAsync(desired, existing.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return (WriteOutcome.Updated, existing, updated.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (RegistryTables.IsConflict(e))
        {
            return (WriteOutcome.Conflict, existing, default);
        }
    }

    /// <summary>Replaces the row only if it still has <paramref name="expected"/> as ETag.</summary>
    public static async Task<(WriteOutcome Outcome, TableEntity? Previous, ETag ETag)> UpdateAsync(
        TableClient table, TableEntity desired, ETag expected, CancellationToken ct, Func<TableEntity?, Task>? beforeWrite = null)
    {
        var existing = await RegistryTables.TryGetAsync(table, desired.PartitionKey, desired.RowKey, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return (WriteOutcome.NotFound, null, default);
        }
        if (existing.ETag != expected)
        {
            return (WriteOutcome.Conflict, existing, default);
        }
        if (RegistryTables.SameContent(existing, desired))
        {
            return (WriteOutcome.Unchanged, existing, existing.ETag);
        }
        if (beforeWrite is not null) await beforeWrite(existing).ConfigureAwait(false);
        try
        {
            var updated = await table.UpdateEntityAsync(desired, expected, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return (WriteOutcome.Updated, existing, updated.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (ConditionalWrite.IsConflict(e) || ConditionalWrite.ChangedOrGone(e))
        {
            return (e.Status == 404 ? WriteOutcome.NotFound : WriteOutcome.Conflict, existing, default);
        }
    }
}
