using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>
/// The registry's three tables and their key layout. Each table mixes the main rows (the one with the ETag that
/// writers contend on) and index rows for the other point reads / partition queries, told apart by PartitionKey prefix:
/// <list type="bullet">
/// <item>RegistryTerritories: PK region code ("16"), RK zero-padded number — list by region, point read by id.</item>
/// <item>RegistryUnits: main PK "code:rbd:12345", RK "unit"; index PK "territory:16-1", RK unit id (full copy).</item>
/// <item>RegistryPeople: main PK "email:ana@x.cl", RK "person"; index rows PK "aad:{id}", "teams:{id}" (RK "person",
/// property Email) and PK "territory:16-1", RK email (full copy).</item>
/// </list>
/// </summary>
internal static class RegistryTables
{
    public const string Territories = "RegistryTerritories";
    public const string Units = "RegistryUnits";
    public const string People = "RegistryPeople";

    /// <summary>The properties Table Storage adds by itself; ignored when comparing content.</summary>
    private static readonly HashSet<string> SystemProperties =
        new(["PartitionKey", "RowKey", "Timestamp", "odata.etag", "odata.metadata", "odata.type", "odata.id", "odata.editLink"],
            StringComparer.Ordinal);

    public static async Task<TableEntity?> TryGetAsync(TableClient table, string pk, string rk, CancellationToken ct)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>True when both entities hold the same user properties (empty strings are never stored).</summary>
    public static bool SameContent(TableEntity a, TableEntity b)
    {
        var keysA = a.Keys.Where(k => !SystemProperties.Contains(k) && !k.EndsWith("@odata.type", StringComparison.Ordinal)).ToHashSet();
        var keysB = b.Keys.Where(k => !SystemProperties.Contains(k) && !k.EndsWith("@odata.type", StringComparison.Ordinal)).ToHashSet();
        return keysA.SetEquals(keysB) && keysA.All(k => Equals(Normalize(a[k]), Normalize(b[k])));
    }

    private static object? Normalize(object? value) => value switch
    {
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => value,
    };

    /// <summary>Sets a string property only when it has content, so "absent" and "empty" compare equal.</summary>
    public static void Put(TableEntity entity, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            entity[name] = value;
        }
    }

    public static string? GetString(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var v) && v is string s && s.Length > 0 ? s : null;

    public static int GetInt(TableEntity entity, string name) => entity.TryGetValue(name, out var v) ? v switch
    {
        int i => i,
        long l => (int)l,
        _ => 0,
    } : 0;

    public static bool GetBool(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var v) && v is true;

    /// <summary>A copy of <paramref name="source"/>'s user properties under other keys (for index rows).</summary>
    public static TableEntity CopyAs(TableEntity source, string pk, string rk)
    {
        var copy = new TableEntity(pk, rk);
        foreach (var (k, v) in source)
        {
            if (!SystemProperties.Contains(k) && !k.EndsWith("@odata.type", StringComparison.Ordinal))
            {
                copy[k] = v;
            }
        }
        return copy;
    }

    public static bool IsConflict(RequestFailedException e) => ConditionalWrite.IsConflict(e);

    public static Task<TableClient> GetAsync(TableClientProvider tables, string name, CancellationToken ct) =>
        tables.GetAsync(name, ct);

    public static string Key(string prefix, string value) => prefix + TableKeys.Escape(value);
}
