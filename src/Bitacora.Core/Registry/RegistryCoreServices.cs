using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry;

public static class RegistryCoreServices
{
    /// <summary>
    /// The registry without Teams: catalog and texts (validated when the host starts), stores, importer, identity
    /// linking, role checks and the sample seeder. Reads "Registry" (SeedSamples, SamplesPath, UseGraph) and, for Graph,
    /// the root keys MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId. Needs AddTableStorage. Graph itself
    /// (AddGraph) is added by the composition root (BitacoraServices.AddGraphIfConfigured) when Registry:UseGraph is true.
    /// </summary>
    public static IServiceCollection AddRegistryCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.SectionName))
            .Validate(o => o.IdentityCacheSeconds >= 0, "Registry:IdentityCacheSeconds must not be negative.")
            .Validate(o => o.KnownIdentityCacheMinutes >= 0, "Registry:KnownIdentityCacheMinutes must not be negative.")
            .Validate(o => o.RegistryVersionCheckSeconds >= 0, "Registry:RegistryVersionCheckSeconds must not be negative.")
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
        // The default; AddGraph (Registry:UseGraph, decided by the composition root) replaces it with Graph's.
        services.TryAddSingleton<IUserProfileLookup, NoUserProfileLookup>();
        services.AddHostedService<RegistrySeeder>();
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
