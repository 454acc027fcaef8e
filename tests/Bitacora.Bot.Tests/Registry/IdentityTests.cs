using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Model;
using Bitacora.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bitacora.Bot.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class IdentityTests(AzuriteFixture azurite)
{
    private const string People =
        "email,name,aad_object_id,teams_user_id,territories,roles,coordinated_territories,coordinated_regions\n" +
        "ana.rojas@junji.example,Ana Rojas,,,16-1,asesor_ett,16-1,\n" +
        "luis.pena@junji.example,Luis Peña,1b4e28ba-2fa1-11d2-883f-0016d3cca427,,16-1,asesor_ett,,\n" +
        "marta.diaz@junji.example,Marta Díaz,,,16-2,asesor_ett,,\n" +
        "rosa.vidal@junji.example,Rosa Vidal,,,,,,16\n" +
        "otra.persona@junji.example,Otra Persona,9a0c0305-e82c-3301-4f89-11d33f2504e0,,16-1,asesor_ett,,\n";

    private async Task<TestRegistry> RegistryWithPeopleAsync()
    {
        var registry = new TestRegistry(azurite);
        await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        var report = await registry.ImportAsync(ImportKind.People, People);
        Assert.Empty(report.Errors);
        return registry;
    }

    private static RoleService Roles(TestRegistry registry, IUserProfileLookup? lookup = null) =>
        new(registry.People, lookup ?? new NoUserProfileLookup(), NullLogger<RoleService>.Instance);

    [Fact]
    public async Task A_user_is_linked_by_aad_object_id_on_first_contact_and_found_by_teams_id_afterwards()
    {
        var registry = await RegistryWithPeopleAsync();
        var user = new TeamsUser("29:luis", "1B4E28BA-2FA1-11D2-883F-0016D3CCA427", "Luis Peña");

        var first = await Roles(registry).ResolveAsync(user);
        var second = await Roles(registry).ResolveAsync(user);

        Assert.Equal((IdentityMatch.AadObjectId, true), (first.Match, first.LinkedNow));
        Assert.Equal((IdentityMatch.TeamsUserId, false), (second.Match, second.LinkedNow));
        Assert.Equal("luis.pena@junji.example", second.Person!.Email);
        Assert.Equal("29:luis", (await registry.People.FindByEmailAsync("luis.pena@junji.example"))!.TeamsUserId);
    }

    [Fact]
    public async Task A_user_is_linked_by_the_email_the_activity_carries_and_their_aad_id_is_recorded()
    {
        var registry = await RegistryWithPeopleAsync();

        var resolved = await Roles(registry).ResolveAsync(new TeamsUser("29:ana", "aad-ana-0001", "Ana", "ANA.ROJAS@junji.example"));

        Assert.Equal(IdentityMatch.Email, resolved.Match);
        Assert.True(resolved.Roles.Has(Role.CoordinadorTerritorial));
        Assert.Equal("Ana Rojas", (await registry.People.FindByAadObjectIdAsync("aad-ana-0001"))!.Name);
        Assert.Equal("Ana Rojas", (await registry.People.FindByTeamsUserIdAsync("29:ana"))!.Name);
    }

    [Fact]
    public async Task Without_an_email_in_the_activity_the_directory_is_asked_for_mail_then_upn()
    {
        var registry = await RegistryWithPeopleAsync();
        var graph = new Mock<IUserProfileLookup>(MockBehavior.Strict);
        graph.Setup(g => g.FindAsync("aad-marta-01", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new UserProfile(Mail: null, UserPrincipalName: "Marta.Diaz@junji.example", DisplayName: "Marta Díaz"));

        var resolved = await Roles(registry, graph.Object).ResolveAsync(new TeamsUser("29:marta", "aad-marta-01", "Marta Díaz"));

        Assert.Equal(IdentityMatch.DirectoryEmail, resolved.Match);
        Assert.Equal("marta.diaz@junji.example", resolved.Person!.Email);
        graph.Verify(g => g.FindAsync("aad-marta-01", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_unknown_user_is_not_found_and_nothing_is_written()
    {
        var registry = await RegistryWithPeopleAsync();
        var before = await registry.SnapshotAsync();
        var graph = new Mock<IUserProfileLookup>();
        graph.Setup(g => g.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((UserProfile?)null);

        var resolved = await Roles(registry, graph.Object).ResolveAsync(new TeamsUser("29:x", "aad-x", "Nadie", "nadie@junji.example"));

        Assert.Equal(IdentityMatch.NotFound, resolved.Match);
        Assert.False(resolved.IsKnown);
        Assert.Empty(resolved.Roles.All);
        Assert.Equal(before, await registry.SnapshotAsync());
    }

    [Fact]
    public async Task An_entry_that_belongs_to_another_aad_object_is_never_linked_by_email()
    {
        var registry = await RegistryWithPeopleAsync();

        var resolved = await Roles(registry).ResolveAsync(
            new TeamsUser("29:impostor", "aad-someone-else", "Impostor", "otra.persona@junji.example"));

        Assert.Equal(IdentityMatch.NotFound, resolved.Match);
        Assert.Null((await registry.People.FindByEmailAsync("otra.persona@junji.example"))!.TeamsUserId);
    }

    [Fact]
    public async Task A_reimport_keeps_identity_links_learnt_from_teams()
    {
        var registry = await RegistryWithPeopleAsync();
        await Roles(registry).ResolveAsync(new TeamsUser("29:ana", "aad-ana-0001", "Ana", "ana.rojas@junji.example"));

        var report = await registry.ImportAsync(ImportKind.People, People);

        Assert.Equal(5, report.Unchanged);
        Assert.Equal("Ana Rojas", (await registry.People.FindByTeamsUserIdAsync("29:ana"))!.Name);
    }

    [Fact]
    public async Task Role_checks_respect_scopes()
    {
        var registry = await RegistryWithPeopleAsync();
        var ana = (await registry.People.FindByEmailAsync("ana.rojas@junji.example"))!;     // coordinates 16-1
        var luis = (await registry.People.FindByEmailAsync("luis.pena@junji.example"))!;    // adviser only
        var rosa = (await registry.People.FindByEmailAsync("rosa.vidal@junji.example"))!;   // regional coordinator of 16

        Assert.True(RegistryAuthorization.Holds(ana, Role.CoordinadorTerritorial, AccessScope.Any));
        Assert.True(RegistryAuthorization.Holds(ana, Role.CoordinadorTerritorial, AccessScope.Territory("16-1")));
        Assert.False(RegistryAuthorization.Holds(ana, Role.CoordinadorTerritorial, AccessScope.Territory("16-2")));
        Assert.False(RegistryAuthorization.Holds(ana, Role.CoordinadorRegional, AccessScope.Region("16")));
        Assert.True(RegistryAuthorization.Holds(rosa, Role.CoordinadorRegional, AccessScope.Territory("16-2")));
        Assert.True(RegistryAuthorization.Holds(rosa, Role.CoordinadorRegional, AccessScope.Region("16")));
        Assert.True(RegistryAuthorization.Holds(luis, Role.AsesorEtt, AccessScope.Territory("16-1")));
        Assert.False(RegistryAuthorization.Holds(luis, Role.CoordinadorTerritorial, AccessScope.Any));
        Assert.False(RegistryAuthorization.Holds(luis, Role.Administrador, AccessScope.Any));
    }
}
