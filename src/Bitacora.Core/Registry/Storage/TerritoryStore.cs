using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>Territories, partitioned by region: list a region's territories, point-read one by id ("16-1").</summary>
public sealed class TerritoryStore(TableClientProvider tables)
{
    private readonly RegistryVersion _version = new(tables);

    private Task<TableClient> TableAsync(CancellationToken ct) => tables.GetAsync(RegistryTables.Territories, ct);

    public async Task<Territory?> GetAsync(string territoryId, CancellationToken ct = default)
    {
        if (!TerritoryId.TryParse(territoryId, out var region, out var number))
        {
            return null;
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var entity = await RegistryTables.TryGetAsync(table, region, TableKeys.Number(number), ct).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<IReadOnlyList<Territory>> ListByRegionAsync(string regionCode, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var list = new List<Territory>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == regionCode, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(FromEntity(e));
        }
        return list;
    }

    /// <summary>
    /// Every territory, ordered by region and number. The table holds one row per territory of the country (a few
    /// hundred at most); this is read for name look-ups and the list of valid territories, never per message.
    /// </summary>
    public async Task<IReadOnlyList<Territory>> ListAllAsync(CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var list = new List<Territory>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(FromEntity(e));
        }
        return list.OrderBy(t => t.RegionCode, StringComparer.Ordinal).ThenBy(t => t.Number).ToList();
    }

    /// <summary>True when at least one territory exists (reads a single row).</summary>
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct)
                           .AsPages().ConfigureAwait(false))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
            if (page.ContinuationToken is null)
            {
                break;
            }
        }
        return false;
    }

    public async Task<WriteOutcome> PreviewAsync(Territory territory, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        return (await EntityWrites.PreviewAsync(table, ToEntity(territory), ct).ConfigureAwait(false)).Outcome;
    }

    /// <summary>Import path: create, leave unchanged, or update on the ETag just read (conflict if someone wrote in between).</summary>
    public async Task<WriteResult<Territory>> SaveIfChangedAsync(Territory territory, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var (outcome, _, etag) = await EntityWrites.SaveIfChangedAsync(table, ToEntity(territory), ct).ConfigureAwait(false);
        if (outcome is WriteOutcome.Created or WriteOutcome.Updated) await _version.BumpAsync(ct).ConfigureAwait(false);
        return new(outcome, outcome == WriteOutcome.Conflict ? null : territory with { ETag = etag.ToString() });
    }

    /// <summary>
    /// Card path: <paramref name="territory"/> must carry the <see cref="Territory.ETag"/> it was read with; if the row
    /// changed since (an import, another administrator), nothing is written and the result is Conflict.
    /// </summary>
    public async Task<WriteResult<Territory>> UpdateAsync(Territory territory, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(territory.ETag))
        {
            throw new ArgumentException("An update needs the ETag the territory was read with.", nameof(territory));
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var (outcome, _, etag) = await EntityWrites.UpdateAsync(table, ToEntity(territory), new ETag(territory.ETag), ct).ConfigureAwait(false);
        if (outcome == WriteOutcome.Updated) await _version.BumpAsync(ct).ConfigureAwait(false);
        return new(outcome, outcome is WriteOutcome.Updated or WriteOutcome.Unchanged ? territory with { ETag = etag.ToString() } : null);
    }

    internal static TableEntity ToEntity(Territory t)
    {
        var e = new TableEntity(t.RegionCode, TableKeys.Number(t.Number))
        {
            ["Number"] = t.Number,
        };
        RegistryTables.Put(e, "RegionName", t.RegionName);
        RegistryTables.Put(e, "Name", t.Name);
        RegistryTables.Put(e, "Communes", RegistryJson.WriteList(t.Communes));
        RegistryTables.Put(e, "UnitsByProgramme", RegistryJson.WriteMap(t.UnitsByProgramme, n => n > 0));
        RegistryTables.Put(e, "StaffByDiscipline", RegistryJson.WriteMap(t.StaffByDiscipline, n => n.Count > 0));
        RegistryTables.Put(e, "Representative", t.Organisation.Representative);
        RegistryTables.Put(e, "MeetingFrequency", t.Organisation.MeetingFrequency);
        RegistryTables.Put(e, "MeetingRecords", t.Organisation.MeetingRecords);
        RegistryTables.Put(e, "OtherAgreements", t.Organisation.OtherAgreements);
        return e;
    }

    internal static Territory FromEntity(TableEntity e) => new(
        e.PartitionKey,
        RegistryTables.GetString(e, "RegionName") ?? "",
        RegistryTables.GetInt(e, "Number"),
        RegistryTables.GetString(e, "Name") ?? "",
        RegistryJson.ReadList(RegistryTables.GetString(e, "Communes")),
        RegistryJson.ReadMap<int>(RegistryTables.GetString(e, "UnitsByProgramme")),
        RegistryJson.ReadMap<List<string>>(RegistryTables.GetString(e, "StaffByDiscipline"))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal),
        new LearningCommunityOrganisation(
            RegistryTables.GetString(e, "Representative") ?? "",
            RegistryTables.GetString(e, "MeetingFrequency") ?? "",
            RegistryTables.GetString(e, "MeetingRecords") ?? "",
            RegistryTables.GetString(e, "OtherAgreements") ?? ""))
    {
        ETag = e.ETag.ToString(),
    };
}
