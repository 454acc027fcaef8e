using System.Collections;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bitacora.BotFramework;

public sealed record BotAuthResult(bool Succeeded, string? Failure, ClaimsIdentity? Identity)
{
    public static BotAuthResult Anonymous { get; } = new(true, null, new ClaimsIdentity());
    public static BotAuthResult Fail(string reason) => new(false, reason, null);
}

/// <summary>Validates the bearer token of an inbound activity as the Bot Framework SDK does: Bot Framework channel
/// tokens (issuer https://api.botframework.com, key endorsed for the activity's channel, serviceurl claim equal to the
/// activity's serviceUrl) or Entra ID tokens of the accepted tenant whose caller (<c>appid</c> v1 / <c>azp</c> v2) is
/// the bot itself or one of <see cref="BotFrameworkOptions.AllowedCallers"/> (the SDK likewise refuses a token whose
/// appid differs from its audience unless an allowed-callers validator accepts it); audience = app id; RS256
/// signatures from the OpenID metadata only. Every token kind is bound to the activity's serviceUrl: a serviceurl
/// claim must equal it, and the serviceUrl must be on the <see cref="ServiceUrlPolicy"/> allow-list (the bot sends
/// its own token there). In anonymous mode only the allow-list applies.</summary>
public sealed class BotAuthenticator
{
    public const string MetadataHttpClientName = "Bitacora.BotFramework.OpenIdMetadata";

    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotAuthenticator> _logger;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new();

    public BotAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider, ServiceUrlPolicy serviceUrls, ILogger<BotAuthenticator> logger)
    {
        _serviceUrls = serviceUrls;
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public bool IsAnonymous => _options.IsAnonymous;

    private string[] EntraIssuers =>
    [
        $"https://login.microsoftonline.com/{_options.EntraTenantId}/v2.0",
        $"https://sts.windows.net/{_options.EntraTenantId}/",
    ];

    public async Task<BotAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity,
        CancellationToken cancellationToken)
    {
        if (_options.IsAnonymous)
            return ServiceUrlRefusal(activity) is { } refusal ? BotAuthResult.Fail(refusal) : BotAuthResult.Anonymous;

        if (string.IsNullOrWhiteSpace(authorizationHeader)
            || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return BotAuthResult.Fail("missing bearer token");
        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (!_handler.CanReadToken(token)) return BotAuthResult.Fail("unreadable token");

        string? issuer;
        try
        {
            issuer = _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return BotAuthResult.Fail("unreadable token");
        }

        if (string.Equals(issuer, BotFrameworkOptions.BotFrameworkIssuer, StringComparison.Ordinal))
            return await ValidateChannelTokenAsync(token, activity, cancellationToken);
        if (EntraIssuers.Contains(issuer, StringComparer.Ordinal))
            return await ValidateEntraTokenAsync(token, activity, cancellationToken);
        return BotAuthResult.Fail($"untrusted issuer '{issuer}'");
    }

    private async Task<BotAuthResult> ValidateChannelTokenAsync(string token, Activity activity, CancellationToken ct)
    {
        var manager = Manager(_options.OpenIdMetadataUrl);
        var (result, configuration) = await ValidateAsync(token, manager, [BotFrameworkOptions.BotFrameworkIssuer], ct);
        if (!result.IsValid) return BotAuthResult.Fail(Describe(result.Exception));

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!string.IsNullOrEmpty(activity.ChannelId))
        {
            var key = configuration!.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == jwt.Kid);
            var endorsements = Endorsements(key);
            if (!endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
                return BotAuthResult.Fail($"signing key '{jwt.Kid}' is not endorsed for channel '{activity.ChannelId}'");
        }

        var serviceUrlClaim = jwt.TryGetPayloadValue<string>("serviceurl", out var claim) ? claim : null;
        if (string.IsNullOrEmpty(serviceUrlClaim))
            return BotAuthResult.Fail("token has no serviceurl claim");
        if (!string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return BotAuthResult.Fail($"serviceurl claim '{serviceUrlClaim}' differs from the activity's '{activity.ServiceUrl}'");
        if (ServiceUrlRefusal(activity) is { } refusal) return BotAuthResult.Fail(refusal);

        return new BotAuthResult(true, null, result.ClaimsIdentity);
    }

    private async Task<BotAuthResult> ValidateEntraTokenAsync(string token, Activity activity, CancellationToken ct)
    {
        var url = _options.EntraOpenIdMetadataUrl.Replace("{tenant}", _options.EntraTenantId, StringComparison.Ordinal);
        var (result, _) = await ValidateAsync(token, Manager(url), EntraIssuers, ct);
        if (!result.IsValid) return BotAuthResult.Fail(Describe(result.Exception));

        // Any app registration of the tenant can get a token for the bot (client credentials): the audience and the
        // issuer say nothing about who is calling. The caller must be the bot itself or an allowed caller.
        var jwt = (JsonWebToken)result.SecurityToken;
        var caller = CallerAppId(jwt);
        if (string.IsNullOrEmpty(caller))
            return BotAuthResult.Fail("Entra token has no appid/azp claim (caller unknown)");
        if (!IsAllowedCaller(caller))
            return BotAuthResult.Fail($"Entra token of app '{caller}', which is not an allowed caller " +
                                      "(BotFramework:AllowedCallers)");

        if (jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrlClaim) && !string.IsNullOrEmpty(serviceUrlClaim)
            && !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return BotAuthResult.Fail($"serviceurl claim '{serviceUrlClaim}' differs from the activity's '{activity.ServiceUrl}'");
        if (ServiceUrlRefusal(activity) is { } refusal) return BotAuthResult.Fail(refusal);

        return new BotAuthResult(true, null, result.ClaimsIdentity);
    }

    /// <summary>v1 tokens name the caller in <c>appid</c>, v2 in <c>azp</c> (as the SDK reads them).</summary>
    internal static string? CallerAppId(JsonWebToken jwt)
    {
        var version = jwt.TryGetPayloadValue<string>("ver", out var v) ? v : null;
        var appid = jwt.TryGetPayloadValue<string>("appid", out var a) ? a : null;
        var azp = jwt.TryGetPayloadValue<string>("azp", out var z) ? z : null;
        return version switch
        {
            "1.0" => appid,
            "2.0" => azp,
            _ => appid ?? azp,
        };
    }

    private bool IsAllowedCaller(string caller) =>
        string.Equals(caller, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase)
        || (_options.AllowedCallers ?? []).Any(c => string.Equals(c?.Trim(), caller, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when the activity's serviceUrl may receive the bot's calls; otherwise why not. Activities of
    /// unknown types are ignored without a connector, so they are not checked.</summary>
    private string? ServiceUrlRefusal(Activity activity) =>
        activity.Type is null || !ActivityTypes.Known.Contains(activity.Type) || _serviceUrls.IsAllowed(activity.ServiceUrl)
            ? null
            : $"serviceUrl '{activity.ServiceUrl}' is not an allowed Bot Framework / Teams host";

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration? Configuration)> ValidateAsync(
        string token, ConfigurationManager<OpenIdConnectConfiguration> manager, string[] issuers, CancellationToken ct)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await manager.GetConfigurationAsync(ct);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            _logger.LogError(e, "OpenID metadata could not be read");
            return (new TokenValidationResult { IsValid = false, Exception = e }, null);
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration, issuers));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: read the metadata again once before giving up.
            manager.RequestRefresh();
            configuration = await manager.GetConfigurationAsync(ct);
            result = await _handler.ValidateTokenAsync(token, Parameters(configuration, issuers));
        }
        return (result, configuration);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, string[] issuers) => new()
    {
        ValidateIssuer = true,
        ValidIssuers = issuers,
        ValidateAudience = true,
        ValidAudience = _options.MicrosoftAppId,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        TryAllIssuerSigningKeys = false,
        ClockSkew = _options.ClockSkew,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        IssuerSigningKeys = configuration.SigningKeys,
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            // Same rule as the default, on the injected clock.
            var now = _timeProvider.GetUtcNow().UtcDateTime;
            if (expires is null) return false;
            if (notBefore is { } nbf && nbf > now + parameters.ClockSkew) return false;
            return expires.Value > now - parameters.ClockSkew;
        },
    };

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(string url) =>
        _managers.GetOrAdd(url, u =>
        {
            var uri = new Uri(u);
            var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(MetadataHttpClientName))
            {
                // Plain http only for a loopback metadata server (tests); real metadata is https.
                RequireHttps = !uri.IsLoopback,
            };
            return new ConfigurationManager<OpenIdConnectConfiguration>(u, new OpenIdConnectConfigurationRetriever(), retriever);
        });

    private static IEnumerable<string> Endorsements(JsonWebKey? key)
    {
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value) || value is null) return [];
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            string single => [single],
            IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).OfType<string>().ToList(),
            _ => [],
        };
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAlgorithmException => "signature algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "signing key not found in the OpenID metadata",
        SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenInvalidLifetimeException => "invalid lifetime",
        null => "invalid token",
        _ => $"invalid token ({exception.GetType().Name})",
    };
}
