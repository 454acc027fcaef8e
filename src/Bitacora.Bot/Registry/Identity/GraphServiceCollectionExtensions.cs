using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Graph;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// The app's one <see cref="GraphServiceClient"/>: an Azure.Identity <see cref="ClientSecretCredential"/> of the bot's
/// app registration (MicrosoftAppTenantId, MicrosoftAppId, MicrosoftAppPassword) and the named HttpClient
/// <see cref="HttpClientName"/> carrying Graph's own handlers (retry with Retry-After, redirect, compression). Used by
/// identity linking (<see cref="GraphUserProfileLookup"/>, User.Read.All) and by the reminders' working hours
/// (mailboxSettings, MailboxSettings.Read). Registered only when Registry:UseGraph is true (BitacoraServices decides,
/// once); it replaces the registry's <see cref="NoUserProfileLookup"/> default with <see cref="GraphUserProfileLookup"/>.
/// </summary>
public static class GraphServiceCollectionExtensions
{
    public const string HttpClientName = "Bitacora.Graph";
    public static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(HttpClientName).ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
            {
                handlers.Add(handler);
            }
        });
        // The credential caches and renews its token itself; one per app. Tests may register their own first.
        services.TryAddSingleton<TokenCredential>(_ => new ClientSecretCredential(
            configuration["MicrosoftAppTenantId"], configuration["MicrosoftAppId"], configuration["MicrosoftAppPassword"]));
        services.AddSingleton(sp => new GraphServiceClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<TokenCredential>(), Scopes));
        // AddRegistry's default is a TryAdd: this one wins whichever of the two runs first.
        services.AddSingleton<IUserProfileLookup, GraphUserProfileLookup>();
        return services;
    }
}
