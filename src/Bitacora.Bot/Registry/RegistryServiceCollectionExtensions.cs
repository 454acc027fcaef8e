using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// The registry: catalog and texts (validated when the host starts), stores, importer, identity linking, role
    /// checks and the sample seeder. Reads "Registry" (SeedSamples, SamplesPath, UseGraph) and, for Graph, the root
    /// keys MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId. Adds table storage if not added yet.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(TableClientProvider)))
        {
            services.AddTableStorage(configuration);
        }
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName));
        services.TryAddSingleton(_ => RegistryCatalog.LoadDefault());
        services.TryAddSingleton(_ => RegistryTexts.LoadDefault());
        services.TryAddSingleton<TerritoryStore>();
        services.TryAddSingleton<UnitStore>();
        services.TryAddSingleton<PersonStore>();
        services.TryAddSingleton<IPersonDirectory>(sp => sp.GetRequiredService<PersonStore>());
        services.TryAddSingleton<RegistryImporter>();
        services.TryAddSingleton<RoleService>();
        services.TryAddSingleton<RegistryAuthorization>();
        services.TryAddSingleton<IUserProfileLookup>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            var appId = configuration["MicrosoftAppId"];
            var password = configuration["MicrosoftAppPassword"];
            var tenant = configuration["MicrosoftAppTenantId"];
            if (!options.UseGraph || string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(password)
                || string.IsNullOrWhiteSpace(tenant))
            {
                return new NoUserProfileLookup();
            }
            return new GraphUserProfileLookup(GraphClientFactory.Create(appId, password, tenant),
                sp.GetRequiredService<ILogger<GraphUserProfileLookup>>());
        });
        services.AddHostedService<RegistrySeeder>();
        return services;
    }
}
