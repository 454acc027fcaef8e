using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace Bitacora.BotFramework;

/// <summary>The bearer token for outbound Connector calls; null means send none (anonymous mode).</summary>
public interface IAccessTokenProvider
{
    Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}

public sealed record AccessToken(string Token, DateTimeOffset ExpiresOn);

/// <summary>No app id configured: the local emulators accept calls without a token.</summary>
internal sealed class AnonymousAccessTokenProvider : IAccessTokenProvider
{
    public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>Keeps one token until it is within <c>refreshMargin</c> of expiry; concurrent callers share one fetch.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "The SemaphoreSlim's wait handle is never requested, so it holds nothing to dispose; the cache lives as long as the app.")]
public sealed class AccessTokenCache(
    Func<CancellationToken, Task<AccessToken>> acquire, TimeProvider timeProvider, TimeSpan refreshMargin)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_current)) return _current!.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_current)) _current = await acquire(cancellationToken);
            return _current!.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh(AccessToken? token) =>
        token is not null && token.ExpiresOn - refreshMargin > timeProvider.GetUtcNow();
}

/// <summary>Client credentials through MSAL: scope https://api.botframework.com/.default, authority
/// botframework.com (MultiTenant) or the bot's tenant (SingleTenant).</summary>
internal sealed class MsalAccessTokenProvider : IAccessTokenProvider
{
    private readonly AccessTokenCache _cache;
    private readonly Lazy<IConfidentialClientApplication> _app;
    private readonly BotFrameworkOptions _options;

    public MsalAccessTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider, ILogger<MsalAccessTokenProvider> logger)
    {
        _options = options.Value;
        _app = new Lazy<IConfidentialClientApplication>(() => ConfidentialClientApplicationBuilder
            .Create(_options.MicrosoftAppId)
            .WithClientSecret(_options.MicrosoftAppPassword ?? throw new InvalidOperationException(
                "MicrosoftAppPassword is required when MicrosoftAppId is set."))
            .WithAuthority($"{_options.AuthorityHost.TrimEnd('/')}/{_options.OutboundTenant}")
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClientFactory))
            .Build());
        _cache = new AccessTokenCache(async ct =>
        {
            var result = await _app.Value.AcquireTokenForClient([_options.OAuthScope]).ExecuteAsync(ct);
            logger.LogDebug("Outbound token acquired, expires {ExpiresOn:o}", result.ExpiresOn);
            return new AccessToken(result.AccessToken, result.ExpiresOn);
        }, timeProvider, _options.TokenRefreshMargin);
    }

    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        await _cache.GetAsync(cancellationToken);

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient("Bitacora.BotFramework.Msal");
    }
}
