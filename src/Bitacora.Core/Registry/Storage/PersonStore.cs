using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>Who is who: point reads by email, AAD object id and Teams user id; the people of a territory.</summary>
public interface IPersonDirectory
{
    Task<Person?> FindByEmailAsync(string email, CancellationToken ct = default);

    Task<Person?> FindByAadObjectIdAsync(string aadObjectId, CancellationToken ct = default);

    Task<Person?> FindByTeamsUserIdAsync(string teamsUserId, CancellationToken ct = default);

    Task<IReadOnlyList<Person>> ListByTerritoryAsync(string territoryId, CancellationToken ct = default);

    /// <summary>
    /// Records the person's Teams user id and AAD object id, conditional on the <see cref="Person.ETag"/> it was read
    /// with (Conflict if the entry changed meanwhile).
    /// </summary>
    Task<WriteResult<Person>> LinkAsync(Person person, string teamsUserId, string? aadObjectId, CancellationToken ct = default);
}

/// <summary>
/// People in one table: the main row keyed by email holds the ETag; index rows ("aad:", "teams:" → email, and a full
/// copy per territory) are rewritten after it. An index row that points to an entry which no longer agrees is
/// ignored, so a failure between the two writes can never attach an identity to the wrong person.
/// <para>
/// The "teams:" row also carries a full copy of the main row, so who a known sender is costs one point read (issue 16:
/// a first contact). The copy is the authority only because of how it is written: before the main row changes, the
/// "teams:" rows of the old and the new Teams user id are replaced by a bare pointer marked <c>Writing</c> (a lookup
/// that finds a bare pointer follows it to the main row, as before); after the main row was written, the copy replaces
/// the pointer only if the pointer still has the ETag this writer gave it. A second writer marks the pointer again
/// before its own main write (main writes are ETag-conditional, so it read the first one's result): the first writer's
/// copy then fails and only the newer one lands. A writer that stops between the steps leaves the bare pointer, never a
/// copy older than the main row. Pointers written before copies existed have no copy and are followed.
/// </para>
/// </summary>
public sealed class PersonStore(TableClientProvider tables) : IPersonDirectory
{
    private const string MainRow = "person";
    /// <summary>On a "teams:" row: the ETag of the main row it is a complete copy of.</summary>
    private const string CopyOfETag = "CopyOfETag";
    /// <summary>On a "teams:" row: a write of the main row is under way (lookups follow the pointer).</summary>
    private const string Writing = "Writing";
    private readonly RegistryVersion _version = new(tables, RegistryVersion.People);

    private Task<TableClient> TableAsync(CancellationToken ct) => tables.GetAsync(RegistryTables.People, ct);

    /// <summary>Lower-case invariant, trimmed: the registry's form of an email or UPN.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static string MainKey(string email) => RegistryTables.Key("email:", NormalizeEmail(email));
    private static string AadKey(string aad) => RegistryTables.Key("aad:", aad.Trim().ToLowerInvariant());
    private static string TeamsKey(string teamsUserId) => RegistryTables.Key("teams:", teamsUserId);
    private static string TerritoryKey(string territoryId) => RegistryTables.Key("territory:", territoryId);

    public async Task<Person?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var e = await RegistryTables.TryGetAsync(table, MainKey(email), MainRow, ct).ConfigureAwait(false);
        return e is null ? null : FromEntity(e);
    }

    public async Task<Person?> FindByAadObjectIdAsync(string aadObjectId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return null;
        }
        var person = await FollowIndexAsync(AadKey(aadObjectId), ct).ConfigureAwait(false);
        return person is not null && string.Equals(person.AadObjectId, aadObjectId.Trim(), StringComparison.OrdinalIgnoreCase)
            ? person
            : null;
    }

    public async Task<Person?> FindByTeamsUserIdAsync(string teamsUserId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(teamsUserId))
        {
            return null;
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var index = await RegistryTables.TryGetAsync(table, TeamsKey(teamsUserId), MainRow, ct).ConfigureAwait(false);
        // A complete copy (see the class remarks) is the main row as of its ETag; a bare pointer is followed.
        var person = index is not null && RegistryTables.GetString(index, CopyOfETag) is { Length: > 0 } mainETag
            ? FromEntity(index) with { ETag = mainETag }
            : await FollowAsync(table, index, ct).ConfigureAwait(false);
        return person is not null && person.TeamsUserId == teamsUserId ? person : null;
    }

    public async Task<IReadOnlyList<Person>> ListByTerritoryAsync(string territoryId, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var pk = TerritoryKey(territoryId);
        var list = new List<Person>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(FromEntity(e) with { ETag = null });
        }
        return list.OrderBy(p => p.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("es-CL"), true)).ToList();
    }

    public async Task<WriteOutcome> PreviewAsync(Person person, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var existing = await RegistryTables.TryGetAsync(table, MainKey(person.Email), MainRow, ct).ConfigureAwait(false);
        var desired = Merge(existing, person);
        return (await EntityWrites.PreviewAsync(table, ToEntity(desired), ct).ConfigureAwait(false)).Outcome;
    }

    /// <summary>Import path. Identity links already learnt (AAD object id, Teams user id) survive a file that leaves them empty.</summary>
    public async Task<WriteResult<Person>> SaveIfChangedAsync(Person person, CancellationToken ct = default)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var existing = await RegistryTables.TryGetAsync(table, MainKey(person.Email), MainRow, ct).ConfigureAwait(false);
        var desired = Merge(existing, person);
        var marks = new Dictionary<string, ETag>(StringComparer.Ordinal);
        var (outcome, previous, etag) = await EntityWrites.SaveIfChangedAsync(table, ToEntity(desired), ct,
            row => MarkWritingAsync(table, row, desired, marks, ct)).ConfigureAwait(false);
        if (outcome is WriteOutcome.Created or WriteOutcome.Updated)
        {
            var before = previous is null ? null : FromEntity(previous);
            await WriteIndexesAsync(table, before, desired, etag, marks, ct).ConfigureAwait(false);
            await BumpUnlessOnlyLinkedAsync(before, desired, ct).ConfigureAwait(false);
        }
        return new(outcome, outcome == WriteOutcome.Conflict ? null : desired with { ETag = etag.ToString() });
    }

    /// <summary>Replaces the person only if it still has the ETag it was read with.</summary>
    public async Task<WriteResult<Person>> UpdateAsync(Person person, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(person.ETag))
        {
            throw new ArgumentException("An update needs the ETag the person was read with.", nameof(person));
        }
        var table = await TableAsync(ct).ConfigureAwait(false);
        var marks = new Dictionary<string, ETag>(StringComparer.Ordinal);
        var (outcome, previous, etag) = await EntityWrites.UpdateAsync(table, ToEntity(person), new ETag(person.ETag), ct,
            row => MarkWritingAsync(table, row, person, marks, ct)).ConfigureAwait(false);
        if (outcome == WriteOutcome.Updated)
        {
            var before = previous is null ? null : FromEntity(previous);
            await WriteIndexesAsync(table, before, person, etag, marks, ct).ConfigureAwait(false);
            await BumpUnlessOnlyLinkedAsync(before, person, ct).ConfigureAwait(false);
        }
        return new(outcome, outcome is WriteOutcome.Updated or WriteOutcome.Unchanged ? person with { ETag = etag.ToString() } : null);
    }

    public Task<WriteResult<Person>> LinkAsync(Person person, string teamsUserId, string? aadObjectId, CancellationToken ct = default) =>
        UpdateAsync(person with { TeamsUserId = teamsUserId, AadObjectId = aadObjectId ?? person.AadObjectId }, ct);

    /// <summary>
    /// Bumps the people version (identity caches of every instance drop what they hold) unless the write only filled
    /// identifiers that were empty — a first-contact link, which changes nothing anyone cached: until then no Teams
    /// user id led to this person. A link that REPLACES an identifier, or any change of name, roles or territories, bumps.
    /// </summary>
    private Task BumpUnlessOnlyLinkedAsync(Person? before, Person after, CancellationToken ct)
    {
        var onlyLinked = before is not null
            && (before.TeamsUserId is null || before.TeamsUserId == after.TeamsUserId)
            && (before.AadObjectId is null || string.Equals(before.AadObjectId, after.AadObjectId, StringComparison.OrdinalIgnoreCase))
            && ToEntity(before with { TeamsUserId = after.TeamsUserId, AadObjectId = after.AadObjectId, ETag = null })
                .SequenceEqual(ToEntity(after with { ETag = null }), EntryComparer.Instance);
        return onlyLinked ? Task.CompletedTask : _version.BumpAsync(ct);
    }

    /// <summary>Property name and value, in the entity's order (ToEntity writes them in a fixed order).</summary>
    private sealed class EntryComparer : IEqualityComparer<KeyValuePair<string, object>>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(KeyValuePair<string, object> x, KeyValuePair<string, object> y) => x.Key == y.Key && Equals(x.Value, y.Value);

        public int GetHashCode(KeyValuePair<string, object> obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }

    private async Task<Person?> FollowIndexAsync(string indexKey, CancellationToken ct)
    {
        var table = await TableAsync(ct).ConfigureAwait(false);
        var index = await RegistryTables.TryGetAsync(table, indexKey, MainRow, ct).ConfigureAwait(false);
        return await FollowAsync(table, index, ct).ConfigureAwait(false);
    }

    private static async Task<Person?> FollowAsync(TableClient table, TableEntity? index, CancellationToken ct)
    {
        var email = index is null ? null : RegistryTables.GetString(index, "Email");
        if (email is null)
        {
            return null;
        }
        var main = await RegistryTables.TryGetAsync(table, MainKey(email), MainRow, ct).ConfigureAwait(false);
        return main is null ? null : FromEntity(main);
    }

    /// <summary>
    /// Before the main row is written: the "teams:" rows of the Teams user id it had and the one it will have become
    /// bare pointers marked <see cref="Writing"/>, so no lookup takes a copy for the authority while the main row
    /// changes; <paramref name="marks"/> keeps their ETags for <see cref="WriteIndexesAsync"/>.
    /// </summary>
    private static async Task MarkWritingAsync(TableClient table, TableEntity? before, Person desired, Dictionary<string, ETag> marks, CancellationToken ct)
    {
        var ids = new[] { before is null ? null : RegistryTables.GetString(before, "TeamsUserId"), desired.TeamsUserId };
        foreach (var id in ids.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var response = await table.UpsertEntityAsync(new TableEntity(TeamsKey(id), MainRow)
            {
                ["Email"] = NormalizeEmail(desired.Email),
                [Writing] = true,
            }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            marks[id] = response.Headers.ETag ?? default;
        }
    }

    private static async Task WriteIndexesAsync(TableClient table, Person? previous, Person current, ETag mainETag,
        Dictionary<string, ETag> marks, CancellationToken ct)
    {
        var pointer = (string pk) => new TableEntity(pk, MainRow) { ["Email"] = current.Email };
        if (current.AadObjectId is not null)
        {
            await table.UpsertEntityAsync(pointer(AadKey(current.AadObjectId)), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        var main = ToEntity(current);
        if (current.TeamsUserId is not null && marks.TryGetValue(current.TeamsUserId, out var mark))
        {
            var copy = RegistryTables.CopyAs(main, TeamsKey(current.TeamsUserId), MainRow);
            copy[CopyOfETag] = mainETag.ToString();
            try
            {
                await table.UpdateEntityAsync(copy, mark, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (ConditionalWrite.IsConflict(e) || ConditionalWrite.ChangedOrGone(e))
            {
                // A newer write of this person marked the pointer after us: its copy is the one to land. Until then
                // the bare pointer is followed to the main row.
            }
        }
        var rk = TableKeys.Escape(current.Email);
        foreach (var territory in current.Territories)
        {
            await table.UpsertEntityAsync(RegistryTables.CopyAs(main, TerritoryKey(territory), rk), TableUpdateMode.Replace, ct)
                .ConfigureAwait(false);
        }
        if (previous is null)
        {
            return;
        }
        // Stale pointers are harmless (lookups check the main row) but are removed to keep the table tidy.
        if (previous.AadObjectId is not null && !string.Equals(previous.AadObjectId, current.AadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await table.DeleteEntityAsync(AadKey(previous.AadObjectId), MainRow, ETag.All, ct).ConfigureAwait(false);
        }
        if (previous.TeamsUserId is not null && previous.TeamsUserId != current.TeamsUserId)
        {
            await table.DeleteEntityAsync(TeamsKey(previous.TeamsUserId), MainRow, ETag.All, ct).ConfigureAwait(false);
        }
        foreach (var gone in previous.Territories.Except(current.Territories, StringComparer.Ordinal))
        {
            await table.DeleteEntityAsync(TerritoryKey(gone), rk, ETag.All, ct).ConfigureAwait(false);
        }
    }

    private static Person Merge(TableEntity? existing, Person incoming)
    {
        if (existing is null)
        {
            return incoming;
        }
        var old = FromEntity(existing);
        return incoming with
        {
            AadObjectId = incoming.AadObjectId ?? old.AadObjectId,
            TeamsUserId = incoming.TeamsUserId ?? old.TeamsUserId,
        };
    }

    internal static TableEntity ToEntity(Person p)
    {
        var e = new TableEntity(MainKey(p.Email), MainRow);
        RegistryTables.Put(e, "Email", NormalizeEmail(p.Email));
        RegistryTables.Put(e, "Name", p.Name);
        RegistryTables.Put(e, "Rut", p.Rut);
        RegistryTables.Put(e, "AadObjectId", p.AadObjectId?.Trim().ToLowerInvariant());
        RegistryTables.Put(e, "TeamsUserId", p.TeamsUserId);
        RegistryTables.Put(e, "Discipline", p.DisciplineId);
        RegistryTables.Put(e, "Territories", RegistryJson.WriteList(p.Territories));
        if (p.Roles.AsesorEtt)
        {
            e["AsesorEtt"] = true;
        }
        if (p.Roles.ProfesionalUatp)
        {
            e["ProfesionalUatp"] = true;
        }
        if (p.Roles.Administrador)
        {
            e["Administrador"] = true;
        }
        RegistryTables.Put(e, "DirectiveUnits", RegistryJson.WriteList(p.Roles.DirectiveUnits));
        RegistryTables.Put(e, "CoordinatedTerritories", RegistryJson.WriteList(p.Roles.CoordinatedTerritories));
        RegistryTables.Put(e, "CoordinatedRegions", RegistryJson.WriteList(p.Roles.CoordinatedRegions));
        return e;
    }

    internal static Person FromEntity(TableEntity e) => new(
        RegistryTables.GetString(e, "Email") ?? "",
        RegistryTables.GetString(e, "Name") ?? "",
        RegistryTables.GetString(e, "Rut"),
        RegistryTables.GetString(e, "AadObjectId"),
        RegistryTables.GetString(e, "TeamsUserId"),
        RegistryTables.GetString(e, "Discipline"),
        RegistryJson.ReadList(RegistryTables.GetString(e, "Territories")),
        new PersonRoles(
            RegistryTables.GetBool(e, "AsesorEtt"),
            RegistryTables.GetBool(e, "ProfesionalUatp"),
            RegistryTables.GetBool(e, "Administrador"),
            RegistryJson.ReadList(RegistryTables.GetString(e, "DirectiveUnits")),
            RegistryJson.ReadList(RegistryTables.GetString(e, "CoordinatedTerritories")),
            RegistryJson.ReadList(RegistryTables.GetString(e, "CoordinatedRegions"))))
    {
        ETag = e.ETag.ToString(),
    };
}
