using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>
/// Issue 16: who a known sender is costs one point read — the "teams:" row carries a copy of the person — and a copy
/// is never older than the main row it stands for (the main row stays the authority: see PersonStore's remarks).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TeamsCopyTests(AzuriteFixture azurite)
{
    private readonly RequestLog _log = new();

    private (PersonStore Store, TableClient Table) NewStore()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_log, HttpPipelinePosition.PerCall);
        var tables = new TableClientProvider(new TableServiceClient(azurite.ConnectionString, options), azurite.NewTablePrefix());
        return (new PersonStore(tables), tables.GetAsync(RegistryTables.People).GetAwaiter().GetResult());
    }

    private static Person Adviser(string teamsUserId, bool administrator = false) => new("ana.rojas@junji.example", "Ana Rojas", null,
        "aad-ana", teamsUserId, null, ["16-1"], new PersonRoles(true, false, administrator, [], [], []));

    [Fact]
    public async Task A_linked_person_is_found_by_teams_user_id_with_one_read_and_the_main_rows_etag()
    {
        var (store, _) = NewStore();
        var saved = (await store.SaveIfChangedAsync(Adviser("29:ana"))).Value!;

        _log.Clear();
        var found = await store.FindByTeamsUserIdAsync("29:ana");

        Assert.Equal(["GET teams:29:ana"], _log.Requests);
        Assert.Equal(saved.ETag, found!.ETag);
        Assert.True(found.Roles.AsesorEtt);
        // The ETag is the main row's: an update with it succeeds.
        Assert.Equal(WriteOutcome.Updated, (await store.UpdateAsync(found with { Name = "Ana María Rojas" })).Outcome);
    }

    [Fact]
    public async Task A_role_change_is_seen_at_once_and_an_old_teams_user_id_finds_nobody()
    {
        var (store, _) = NewStore();
        var saved = (await store.SaveIfChangedAsync(Adviser("29:ana"))).Value!;

        var promoted = (await store.UpdateAsync(saved with { Roles = saved.Roles with { Administrador = true } })).Value!;
        Assert.True((await store.FindByTeamsUserIdAsync("29:ana"))!.Roles.Administrador);

        await store.UpdateAsync(promoted with { TeamsUserId = "29:ana-new", Roles = PersonRoles.None });
        Assert.Null(await store.FindByTeamsUserIdAsync("29:ana"));
        Assert.False((await store.FindByTeamsUserIdAsync("29:ana-new"))!.Roles.Administrador);
    }

    [Fact]
    public async Task A_pointer_marked_as_being_written_or_without_a_copy_is_followed_to_the_main_row()
    {
        var (store, table) = NewStore();
        await store.SaveIfChangedAsync(Adviser("29:ana"));
        // A writer stopped after marking the pointer and writing the main row (roles taken away), before the copy.
        await table.UpsertEntityAsync(new TableEntity("teams:29:ana", "person") { ["Email"] = "ana.rojas@junji.example", ["Writing"] = true }, TableUpdateMode.Replace);
        await ReplaceMainRolesAsync(table, administrator: false, asesor: false);
        Assert.False((await store.FindByTeamsUserIdAsync("29:ana"))!.Roles.AsesorEtt);

        // A pointer written before copies existed (Email only) is followed too.
        await table.UpsertEntityAsync(new TableEntity("teams:29:ana", "person") { ["Email"] = "ana.rojas@junji.example" }, TableUpdateMode.Replace);
        await ReplaceMainRolesAsync(table, administrator: true, asesor: true);
        Assert.True((await store.FindByTeamsUserIdAsync("29:ana"))!.Roles.Administrador);
    }

    [Fact]
    public async Task A_writer_overtaken_by_a_newer_write_leaves_no_copy_older_than_the_main_row()
    {
        var (store, table) = NewStore();
        var saved = (await store.SaveIfChangedAsync(Adviser("29:ana"))).Value!;
        _log.Clear();
        // Right before this writer's copy lands, a second writer marks the pointer and writes the main row (roles gone).
        _log.BeforeCopy = () =>
        {
            table.UpsertEntity(new TableEntity("teams:29:ana", "person") { ["Email"] = "ana.rojas@junji.example", ["Writing"] = true }, TableUpdateMode.Replace);
            ReplaceMainRolesAsync(table, administrator: false, asesor: false).GetAwaiter().GetResult();
        };

        var result = await store.UpdateAsync(saved with { Roles = saved.Roles with { Administrador = true } });

        Assert.Equal(WriteOutcome.Updated, result.Outcome);
        Assert.Equal(1, _log.CopiesAttempted);
        var found = await store.FindByTeamsUserIdAsync("29:ana");
        Assert.False(found!.Roles.Administrador); // the main row's roles, not the overtaken writer's copy
        Assert.False(found.Roles.AsesorEtt);
    }

    /// <summary>What a second writer's main write does (the row replaced, as PersonStore would).</summary>
    private static async Task ReplaceMainRolesAsync(TableClient table, bool administrator, bool asesor)
    {
        var main = (await table.GetEntityAsync<TableEntity>("email:ana.rojas@junji.example", "person")).Value;
        main.Remove("AsesorEtt");
        main.Remove("Administrador");
        if (asesor) main["AsesorEtt"] = true;
        if (administrator) main["Administrador"] = true;
        await table.UpdateEntityAsync(main, main.ETag, TableUpdateMode.Replace);
    }

    /// <summary>Requests to the People table as "METHOD partition key"; runs <see cref="BeforeCopy"/> once before a conditional copy.</summary>
    private sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _requests = new();
        public Action? BeforeCopy { get; set; }
        public int CopiesAttempted { get; private set; }
        public IReadOnlyList<string> Requests => [.. _requests];

        public void Clear()
        {
            _requests.Clear();
            CopiesAttempted = 0;
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            var at = path.IndexOf("RegistryPeople(PartitionKey='", StringComparison.Ordinal);
            if (at < 0) return;
            var pk = path[(at + "RegistryPeople(PartitionKey='".Length)..];
            pk = pk[..pk.IndexOf('\'', StringComparison.Ordinal)];
            _requests.Enqueue(message.Request.Method + " " + pk);
            if (message.Request.Method == RequestMethod.Put && pk.StartsWith("teams:", StringComparison.Ordinal)
                && message.Request.Headers.TryGetValue("If-Match", out var etag) && etag != "*")
            {
                CopiesAttempted++;
                var run = BeforeCopy;
                BeforeCopy = null;
                run?.Invoke();
            }
        }
    }
}
