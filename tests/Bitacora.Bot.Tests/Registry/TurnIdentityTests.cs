using System.Text.Json.Nodes;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>Identity on every turn through the real pipeline: linking on first contact, the profile, the cache.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TurnIdentityTests(AzuriteFixture azurite) : IAsyncLifetime
{
    internal const string NewPeople =
        "email,name,aad_object_id,teams_user_id,territories,roles,coordinated_territories\n" +
        "paula.leal@junji.example,Paula Leal Soto,5b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d,,16-2,asesor_ett,\n" +
        "tomas.reyes@junji.example,Tomás Reyes Vera,,,16-1,asesor_ett,16-1\n";

    private RegistryBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await RegistryBot.StartAsync(azurite);
        await _bot.ImportPeopleAsync(NewPeople);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_first_message_links_the_Teams_user_by_AAD_object_id_whatever_is_typed()
    {
        var conv = Conversation.Personal("a:dm-paula");
        var hello = RegistryBot.As(_bot.Pipeline.Message(conv, "hola"), "29:paula", "Paula Leal",
            "5B0E1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D");
        await _bot.SendAsync(hello, conv);

        var person = await _bot.Get<IPersonDirectory>().FindByTeamsUserIdAsync("29:paula");
        Assert.Equal("paula.leal@junji.example", person?.Email);

        var profile = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(conv, "¿Quién soy?"), "29:paula", "Paula Leal",
            "5b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"), conv);
        Assert.Contains("Nombre: Paula Leal Soto", profile.Text);
        Assert.Contains("Roles: Asesor/a ETT", profile.Text);
        Assert.Contains("Territorios: 16-2", profile.Text);
    }

    [Fact]
    public async Task Without_a_known_AAD_id_the_email_Teams_gives_for_the_member_links_the_person()
    {
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:tomas", "0f1e2d3c-4b5a-4968-8776-655443322110", "Tomás", "Reyes",
            "Tomas.Reyes@junji.example", "tomas.reyes@junji.example"));
        var conv = Conversation.Personal("a:dm-tomas");

        var reply = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(conv, "mi perfil"), "29:tomas", "Tomás Reyes",
            "0f1e2d3c-4b5a-4968-8776-655443322110"), conv);

        Assert.Contains("Nombre: Tomás Reyes Vera", reply.Text);
        Assert.Contains("Coordinas: 16-1", reply.Text);
        Assert.Contains("Acabo de vincular tu cuenta de Teams con tu ficha del registro (por tu correo).", reply.Text);
        var person = await _bot.Get<IPersonDirectory>().FindByAadObjectIdAsync("0f1e2d3c-4b5a-4968-8776-655443322110");
        Assert.Equal("29:tomas", person?.TeamsUserId);
        // Linked: the coordinator command works at once.
        var card = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(conv, "territorio"), "29:tomas", "Tomás Reyes",
            "0f1e2d3c-4b5a-4968-8776-655443322110"), conv);
        Assert.Contains("Territorio 16-1 — Diguillín", card.Card.Text());
    }

    [Fact]
    public async Task An_unknown_person_asking_quien_soy_learns_how_to_get_registered()
    {
        var conv = Conversation.Personal("a:dm-nadie");

        var reply = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(conv, "quien soy"), "29:nadie", "Nadie Conocido",
            "11111111-2222-4333-8444-555555555555"), conv);

        Assert.StartsWith("No te encuentro en el registro de Bitácora (te veo como Nadie Conocido).", reply.Text);
        Assert.Contains("correo institucional", reply.Text);
        // The bot asked Teams for the member (to find an email) and got 404, as Teams answers for someone it does not
        // list: an expected outcome, logged as one line without an exception.
        Assert.Contains(_bot.Connector.Calls, c => c.Method == "GET" && c.Path.EndsWith("/members/29:nadie", StringComparison.Ordinal));
        var line = Assert.Single(_bot.Logs.Entries, e => e.Message.Contains("29:nadie", StringComparison.Ordinal) && e.Category.EndsWith("TurnIdentityService", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(_bot.Logs.Entries, e => e.Exception is Bitacora.BotFramework.ConnectorException);
    }

    [Fact]
    public async Task The_sample_coordinator_sees_their_roles()
    {
        var reply = await _bot.SayAsync(SampleUser.Alex, "quién soy");

        Assert.Contains("Roles: Asesor/a ETT, Coordinador/a territorial", reply.Text);
        Assert.Contains("Disciplina: Educador/a de párvulos", reply.Text);
    }
}

/// <summary>The per-turn identity service without a server: one resolution per turn, a short cache across turns.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TurnIdentityCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Identity_is_resolved_once_per_turn_kept_for_a_meeting_and_invalidated_on_demand()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var (service, directory, time, watch) = Instance(registry);

        var turn1 = Turn(SampleUser.Alex);
        var a = await service.GetAsync(turn1);
        var b = await service.GetAsync(turn1);
        var readsAfterFirstTurn = directory.Reads;
        var c = await service.GetAsync(Turn(SampleUser.Alex));
        Assert.Same(a, b);
        Assert.Equal(readsAfterFirstTurn, directory.Reads);
        Assert.True(c.Roles.Has(Role.CoordinadorTerritorial));

        // A registered person answering every few minutes during a meeting: no registry read (the version check runs
        // in the background and finds nothing changed).
        foreach (var minutes in new[] { 3, 7, 15, 60 })
        {
            time.Advance(TimeSpan.FromMinutes(minutes));
            await service.GetAsync(Turn(SampleUser.Alex));
            await watch.WhenRefreshedAsync();
        }
        Assert.Equal(readsAfterFirstTurn, directory.Reads);

        // After KnownIdentityCacheMinutes (240) it is resolved again.
        time.Advance(TimeSpan.FromMinutes(240));
        await service.GetAsync(Turn(SampleUser.Alex));
        Assert.True(directory.Reads > readsAfterFirstTurn);

        var readsBeforeInvalidate = directory.Reads;
        service.Invalidate(SampleUser.Alex.TeamsId);
        await service.GetAsync(Turn(SampleUser.Alex));
        Assert.True(directory.Reads > readsBeforeInvalidate);

        // Same Teams id claiming another AAD object id: never served from the cache.
        var readsBeforeSpoof = directory.Reads;
        var spoof = await service.GetAsync(Turn(SampleUser.Alex with { AadObjectId = "99999999-9999-4999-8999-999999999999" }));
        Assert.True(directory.Reads > readsBeforeSpoof);
        Assert.False(spoof.IsKnown);
    }

    [Fact]
    public async Task A_registry_change_made_elsewhere_reaches_a_cached_identity_within_the_version_check()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var (service, _, time, watch) = Instance(registry);
        Assert.True((await service.GetAsync(Turn(SampleUser.Alex))).Roles.Has(Role.CoordinadorTerritorial));

        // Another instance (or the CLI importer) takes the coordination away: its own store, same tables.
        var elsewhere = new PersonStore(registry.Tables);
        var alex = (await elsewhere.FindByTeamsUserIdAsync(SampleUser.Alex.TeamsId))!;
        var saved = await elsewhere.SaveIfChangedAsync(alex with { Roles = alex.Roles with { CoordinatedTerritories = [] }, ETag = null });
        Assert.Equal(WriteOutcome.Updated, saved.Outcome);

        // Within RegistryVersionCheckSeconds (30) this instance may still answer with what it had...
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await service.GetAsync(Turn(SampleUser.Alex))).Roles.Has(Role.CoordinadorTerritorial));
        // ...past it, a turn starts the version read in the background, and the next turn resolves the person again.
        time.Advance(TimeSpan.FromSeconds(25));
        await service.GetAsync(Turn(SampleUser.Alex));
        await watch.WhenRefreshedAsync();
        Assert.False((await service.GetAsync(Turn(SampleUser.Alex))).Roles.Has(Role.CoordinadorTerritorial));
    }

    [Fact]
    public async Task An_unknown_sender_is_remembered_briefly_and_someone_imported_meanwhile_is_found_after_the_version_check()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var (service, directory, time, watch) = Instance(registry);
        var newcomer = SampleUser.Alex with { TeamsId = "29:recien-llegada", AadObjectId = "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5" };
        Assert.False((await service.GetAsync(Turn(newcomer))).IsKnown);
        var reads = directory.Reads;
        Assert.False((await service.GetAsync(Turn(newcomer))).IsKnown);
        Assert.Equal(reads, directory.Reads); // remembered as unknown, no read

        await registry.ImportAsync(Bitacora.Bot.Registry.Import.ImportKind.People,
            "email,name,aad_object_id,teams_user_id,territories,roles,coordinated_territories\n" +
            "recien.llegada@junji.example,Recién Llegada,6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5,,16-1,asesor_ett,\n");
        time.Advance(TimeSpan.FromSeconds(31));
        await service.GetAsync(Turn(newcomer));
        await watch.WhenRefreshedAsync();
        Assert.True((await service.GetAsync(Turn(newcomer))).IsKnown);
    }

    [Fact]
    public async Task A_first_contact_link_leaves_the_people_version_alone_and_a_role_change_bumps_it()
    {
        var registry = new TestRegistry(azurite);
        await registry.ImportAsync(Bitacora.Bot.Registry.Import.ImportKind.Territories, TestRegistry.Sample(RegistrySeeder.TerritoriesFile));
        await registry.ImportAsync(Bitacora.Bot.Registry.Import.ImportKind.People, TurnIdentityTests.NewPeople);
        var version = new RegistryVersion(registry.Tables, RegistryVersion.People);
        var paula = (await registry.People.FindByEmailAsync("paula.leal@junji.example"))!;

        var beforeLink = await version.ReadAsync(CancellationToken.None);
        Assert.Equal(WriteOutcome.Updated, (await registry.People.LinkAsync(paula, "29:paula", paula.AadObjectId)).Outcome);
        Assert.Equal(beforeLink, await version.ReadAsync(CancellationToken.None));

        var linked = (await registry.People.FindByTeamsUserIdAsync("29:paula"))!;
        Assert.Equal(WriteOutcome.Updated, (await registry.People.UpdateAsync(linked with { Territories = ["16-1"] })).Outcome);
        Assert.NotEqual(beforeLink, await version.ReadAsync(CancellationToken.None));
    }

    private static (TurnIdentityService Service, CountingDirectory Directory, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time, PeopleVersionWatch Watch)
        Instance(TestRegistry registry)
    {
        var directory = new CountingDirectory(registry.People);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-05-04T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Microsoft.Extensions.Options.Options.Create(new Bitacora.Bot.Registry.RegistryOptions { IdentityCacheSeconds = 60 });
        var watch = new PeopleVersionWatch(registry.Tables, time, options, NullLogger<PeopleVersionWatch>.Instance);
        var service = new TurnIdentityService(new RoleService(directory, new NoUserProfileLookup(), NullLogger<RoleService>.Instance),
            watch, time, options, NullLogger<TurnIdentityService>.Instance);
        return (service, directory, time, watch);
    }

    private static Bitacora.BotFramework.ITurnContext Turn(SampleUser user)
    {
        var activity = new Bitacora.BotFramework.Activity
        {
            Type = "message", Text = "hola",
            From = new() { Id = user.TeamsId, Name = user.Name, AadObjectId = user.AadObjectId },
            Conversation = new() { Id = "a:dm" },
        };
        return new Bitacora.BotFramework.TurnContext(activity, null!, null!, CancellationToken.None);
    }

    private sealed class CountingDirectory(IPersonDirectory inner) : IPersonDirectory
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task<Person?> FindByEmailAsync(string email, CancellationToken ct = default) { Interlocked.Increment(ref _reads); return inner.FindByEmailAsync(email, ct); }

        public Task<Person?> FindByAadObjectIdAsync(string aadObjectId, CancellationToken ct = default) { Interlocked.Increment(ref _reads); return inner.FindByAadObjectIdAsync(aadObjectId, ct); }

        public Task<Person?> FindByTeamsUserIdAsync(string teamsUserId, CancellationToken ct = default) { Interlocked.Increment(ref _reads); return inner.FindByTeamsUserIdAsync(teamsUserId, ct); }

        public Task<IReadOnlyList<Person>> ListByTerritoryAsync(string territoryId, CancellationToken ct = default) => inner.ListByTerritoryAsync(territoryId, ct);

        public Task<WriteResult<Person>> LinkAsync(Person person, string teamsUserId, string? aadObjectId, CancellationToken ct = default) =>
            inner.LinkAsync(person, teamsUserId, aadObjectId, ct);
    }
}
