using Microsoft.Graph;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// A <see cref="GraphServiceClient"/> authenticated as the bot's app registration (client credentials through MSAL),
/// from the root configuration keys MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.
/// </summary>
internal static class GraphClientFactory
{
    public static GraphServiceClient Create(string appId, string appPassword, string tenantId)
    {
        var app = ConfidentialClientApplicationBuilder.Create(appId)
            .WithClientSecret(appPassword)
            .WithTenantId(tenantId)
            .Build();
        return new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new MsalTokenProvider(app)));
    }

    private sealed class MsalTokenProvider(IConfidentialClientApplication app) : IAccessTokenProvider
    {
        private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["graph.microsoft.com"]);

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            // MSAL caches the app token in memory and renews it before expiry.
            var result = await app.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }
    }
}
