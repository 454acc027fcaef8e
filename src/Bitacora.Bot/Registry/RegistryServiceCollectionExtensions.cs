using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// The registry (<see cref="RegistryCoreServices.AddRegistryCore"/>: catalog, texts, stores, importer, identity
    /// linking, role checks, the sample seeder) and its Teams side: the identity of every turn.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRegistryCore(configuration);

        // Teams side: identity of every turn (the registry's commands and cards are in Territories/).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PeopleVersionWatch>();
        services.TryAddSingleton<ITurnIdentity, TurnIdentityService>();
        services.AddSingleton<ITurnMiddleware, TurnIdentityMiddleware>();
        return services;
    }
}
