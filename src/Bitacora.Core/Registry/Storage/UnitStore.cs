using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>
/// Units: the main row is keyed by unit code (point read, ETag); a full copy per territory partition serves
/// "the units of territory 16-1" as one partition query.
/// </summary>
public sealed class UnitStore(TableClientProvider tables)
{
    private const string MainRow = "unit";

    private readonly RegistryVersion _version = new(tables);

    private Task<TableClient> TableAsync(CancellationToken ct) => tables.GetAsync(RegistryTables.Units, ct);

    private static string MainKey(UnitCode code) => RegistryTables.Key("code:", code.Id);

    private static string TerritoryKey(string territoryId) => RegistryTables.Key("territory:", territoryId);

    public async Task<Unit?> GetAsync(UnitCode code, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var entity = await RegistryTables.TryGetAsync(table, MainKey(code), MainRow, ct).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<IReadOnlyList<Unit>> ListByTerritoryAsync(string territoryId, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var pk = TerritoryKey(territoryId);
        var list = new List<Unit>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            // Index copies carry no usable ETag for the main row; callers that update read the unit by code first.
            list.Add(FromEntity(e) with { ETag = null });
        }
        return list;
    }

    /// <summary>The units of every territory, by territory id: one range query over the territory index partitions
    /// (paged by Table Storage, 1 000 rows a page).</summary>
    public async Task<IReadOnlyDictionary<string, List<Unit>>> ListAllByTerritoryAsync(CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        const string first = "territory:";
        const string afterLast = "territory;"; // ';' follows ':'
        var byTerritory = new Dictionary<string, List<Unit>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {afterLast}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            var unit = FromEntity(e) with { ETag = null };
            if (!byTerritory.TryGetValue(unit.TerritoryId, out var list)) byTerritory[unit.TerritoryId] = list = [];
            list.Add(unit);
        }
        return byTerritory;
    }

    public async Task<WriteOutcome> PreviewAsync(Unit unit, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var desired = Merge(await RegistryTables.TryGetAsync(table, MainKey(unit.Code), MainRow, ct).ConfigureAwait(false), unit);
        return (await EntityWrites.PreviewAsync(table, ToEntity(desired), ct).ConfigureAwait(false)).Outcome;
    }

    /// <summary>
    /// Import path. A contact's AAD object id learnt earlier is kept when the file leaves it empty. A unit moved to
    /// another territory leaves its old territory's index.
    /// </summary>
    public async Task<WriteResult<Unit>> SaveIfChangedAsync(Unit unit, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var existing = await RegistryTables.TryGetAsync(table, MainKey(unit.Code), MainRow, ct).ConfigureAwait(false);
        var desired = Merge(existing, unit);
        var (outcome, previous, etag) = await EntityWrites.SaveIfChangedAsync(table, ToEntity(desired), ct).ConfigureAwait(false);
        if (outcome is WriteOutcome.Created or WriteOutcome.Updated)
        {
            await WriteIndexAsync(table, previous is null ? null : FromEntity(previous), desired, ct).ConfigureAwait(false);
            await _version.BumpAsync(ct).ConfigureAwait(false);
        }
        return new(outcome, outcome == WriteOutcome.Conflict ? null : desired with { ETag = etag.ToString() });
    }

    /// <summary>Replaces the unit only if it still has the ETag it was read with.</summary>
    public async Task<WriteResult<Unit>> UpdateAsync(Unit unit, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(unit.ETag))
        {
            throw new ArgumentException("An update needs the ETag the unit was read with.", nameof(unit));
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var (outcome, previous, etag) = await EntityWrites.UpdateAsync(table, ToEntity(unit), new ETag(unit.ETag), ct).ConfigureAwait(false);
        if (outcome == WriteOutcome.Updated)
        {
            await WriteIndexAsync(table, previous is null ? null : FromEntity(previous), unit, ct).ConfigureAwait(false);
            await _version.BumpAsync(ct).ConfigureAwait(false);
        }
        return new(outcome, outcome is WriteOutcome.Updated or WriteOutcome.Unchanged ? unit with { ETag = etag.ToString() } : null);
    }

    private static async Task WriteIndexAsync(TableClient table, Unit? previous, Unit current, CancellationToken ct)
    {
        var main = ToEntity(current);
        await table.UpsertEntityAsync(RegistryTables.CopyAs(main, TerritoryKey(current.TerritoryId), current.Code.Id),
            TableUpdateMode.Replace, ct).ConfigureAwait(false);
        if (previous is not null && previous.TerritoryId != current.TerritoryId)
        {
            await table.DeleteEntityAsync(TerritoryKey(previous.TerritoryId), current.Code.Id, ETag.All, ct).ConfigureAwait(false);
        }
    }

    private static Unit Merge(TableEntity? existing, Unit incoming)
    {
        if (existing is null)
        {
            return incoming;
        }
        var known = FromEntity(existing).Contacts
            .Where(c => c.Email is not null && c.AadObjectId is not null)
            .GroupBy(c => c.Email!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().AadObjectId, StringComparer.Ordinal);
        return incoming with
        {
            Contacts = incoming.Contacts
                .Select(c => c.AadObjectId is null && c.Email is not null && known.TryGetValue(c.Email, out var aad)
                    ? c with { AadObjectId = aad }
                    : c)
                .ToList(),
        };
    }

    internal static TableEntity ToEntity(Unit u)
    {
        var e = new TableEntity(MainKey(u.Code), MainRow);
        RegistryTables.Put(e, "Code", u.Code.Id);
        RegistryTables.Put(e, "Name", u.Name);
        RegistryTables.Put(e, "Programme", u.ProgrammeId);
        RegistryTables.Put(e, "TerritoryId", u.TerritoryId);
        RegistryTables.Put(e, "Commune", u.Commune);
        RegistryTables.Put(e, "Contacts", u.Contacts.Count == 0 ? null : RegistryJson.Write(u.Contacts.Select(StoredContact.From).ToList()));
        return e;
    }

    internal static Unit FromEntity(TableEntity e)
    {
        // Rows are written by UnitStore with a parsed code; an unreadable one keeps the default code and shows by name.
        _ = UnitCode.TryParse(RegistryTables.GetString(e, "Code"), out var code);
        return new Unit(
            code,
            RegistryTables.GetString(e, "Name") ?? "",
            RegistryTables.GetString(e, "Programme") ?? "",
            RegistryTables.GetString(e, "TerritoryId") ?? "",
            RegistryTables.GetString(e, "Commune") ?? "",
            (RegistryJson.Read<List<StoredContact>>(RegistryTables.GetString(e, "Contacts")) ?? []).Select(c => c.ToContact()).ToList())
        {
            ETag = e.ETag.ToString(),
        };
    }

    /// <summary>The stored shape of a contact: short names, nulls omitted, so equal contacts give equal JSON.</summary>
    private sealed record StoredContact(string Name, string Role, string? Email, string? Aad)
    {
        public static StoredContact From(DirectiveContact c) => new(c.Name, c.RoleId, c.Email, c.AadObjectId);

        public DirectiveContact ToContact() => new(Name, Role, Email, Aad);
    }
}
