using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bitacora.Bot.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class SeederTests(AzuriteFixture azurite)
{
    private ServiceProvider Services(string prefix, bool seed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Registry:SeedSamples"] = seed ? "true" : "false",
        }).Build();
        return new ServiceCollection().AddLogging().AddTableStorage(configuration).AddRegistry(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Samples_are_loaded_on_the_first_start_only()
    {
        var prefix = azurite.NewTablePrefix();
        await using var first = Services(prefix, seed: true);
        await using var second = Services(prefix, seed: true);
        var seeder = first.GetServices<IHostedService>().OfType<RegistrySeeder>().Single();

        await seeder.StartAsync(CancellationToken.None);
        var alex = await first.GetRequiredService<PersonStore>().FindByTeamsUserIdAsync("user-id-0");
        var reportsOnSecondStart = await second.GetServices<IHostedService>().OfType<RegistrySeeder>().Single()
            .SeedIfEmptyAsync(CancellationToken.None);

        Assert.NotNull(alex);
        Assert.Equal(2, (await first.GetRequiredService<TerritoryStore>().ListByRegionAsync("16")).Count);
        Assert.Empty(reportsOnSecondStart);
    }

    [Fact]
    public async Task Nothing_is_loaded_when_seeding_is_off()
    {
        var prefix = azurite.NewTablePrefix();
        await using var services = Services(prefix, seed: false);

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.False(await services.GetRequiredService<TerritoryStore>().AnyAsync());
    }

    [Fact]
    public async Task The_directory_and_role_service_resolve_the_playground_user_as_coordinator_and_adviser()
    {
        var prefix = azurite.NewTablePrefix();
        await using var services = Services(prefix, seed: true);
        await services.GetServices<IHostedService>().OfType<RegistrySeeder>().Single().StartAsync(CancellationToken.None);

        var resolved = await services.GetRequiredService<Bitacora.Bot.Registry.Identity.RoleService>()
            .ResolveAsync(new("user-id-0", "00000000-0000-0000-0000-0000000000020", "Alex Wilber"));
        var megan = await services.GetRequiredService<Bitacora.Bot.Registry.Identity.RoleService>()
            .ResolveAsync(new("user-id-1", "00000000-0000-0000-0000-0000000000021", "Megan Bowen"));
        var alex = Assert.IsType<Bitacora.Bot.Registry.Model.Person>(resolved.Person);

        Assert.True(RegistryAuthorization.Holds(alex, Role.CoordinadorTerritorial, AccessScope.Territory("16-1")));
        Assert.True(RegistryAuthorization.Holds(alex, Role.AsesorEtt, AccessScope.Any));
        Assert.False(megan.Person is { } person && RegistryAuthorization.Holds(person, Role.CoordinadorTerritorial, AccessScope.Any));
    }
}
