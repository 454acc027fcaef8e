using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// The registry: catalog and texts (validated when the host starts), stores, importer, identity linking, role
    /// checks and the sample seeder. Reads "Registry" (SeedSamples, SamplesPath, UseGraph) and, for Graph, the root
    /// keys MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId. Needs AddTableStorage. Graph itself
    /// (AddGraph) is added by BitacoraServices when Registry:UseGraph is true.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.SectionName))
            .Validate(o => o.IdentityCacheSeconds >= 0, "Registry:IdentityCacheSeconds must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>>(new RegistryGraphValidation(configuration));
        services.TryAddSingleton(_ => RegistryCatalog.LoadDefault());
        services.TryAddSingleton(_ => RegistryTexts.LoadDefault());
        services.TryAddSingleton<TerritoryStore>();
        services.TryAddSingleton<UnitStore>();
        services.TryAddSingleton<RegistryVersion>();
        services.TryAddSingleton<PersonStore>();
        services.TryAddSingleton<IPersonDirectory>(sp => sp.GetRequiredService<PersonStore>());
        services.TryAddSingleton<RegistryImporter>();
        services.TryAddSingleton<RoleService>();
        services.TryAddSingleton<PersonResolver>();
        // The default; AddGraph (Registry:UseGraph, decided by BitacoraServices) replaces it with Graph's.
        services.TryAddSingleton<IUserProfileLookup, NoUserProfileLookup>();
        services.AddHostedService<RegistrySeeder>();

        // Teams side: identity of every turn (the registry's commands and cards are in Territories/).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITurnIdentity, TurnIdentityService>();
        services.AddSingleton<ITurnMiddleware, TurnIdentityMiddleware>();
        return services;
    }
}

/// <summary>Registry:UseGraph on without the bot's credentials stops the start, naming the empty keys.</summary>
internal sealed class RegistryGraphValidation(IConfiguration configuration) : IValidateOptions<RegistryOptions>
{
    private static readonly string[] GraphCredentialKeys = ["MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId"];

    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        if (!options.UseGraph)
        {
            return ValidateOptionsResult.Success;
        }
        var missing = GraphCredentialKeys
            .Where(key => string.IsNullOrWhiteSpace(configuration[key])).ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Registry:UseGraph is true but {string.Join(", ", missing)} " +
                                         "is empty: Graph needs the bot's app id, password and tenant " +
                                         "(or set Registry:UseGraph=false).");
    }
}
