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

/// <summary>Validates the bearer token of an inbound activity as the Bot Framework requires: Bot Framework channel
/// tokens (issuer https://api.botframework.com, key endorsed for the activity's channel, serviceurl claim equal to the
/// activity's serviceUrl) or Entra ID tokens of the accepted tenant; audience = app id; RS256 signatures from the
/// OpenID metadata only.</summary>
public sealed class BotAuthenticator
{
    public const string MetadataHttpClientName = "Bitacora.BotFramework.OpenIdMetadata";

    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new();

    public BotAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider, ILogger<BotAuthenticator> logger)
    {
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
        if (_options.IsAnonymous) return BotAuthResult.Anonymous;

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
            return await ValidateEntraTokenAsync(token, cancellationToken);
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

        return new BotAuthResult(true, null, result.ClaimsIdentity);
    }

    private async Task<BotAuthResult> ValidateEntraTokenAsync(string token, CancellationToken ct)
    {
        var url = _options.EntraOpenIdMetadataUrl.Replace("{tenant}", _options.EntraTenantId, StringComparison.Ordinal);
        var (result, _) = await ValidateAsync(token, Manager(url), EntraIssuers, ct);
        return result.IsValid
            ? new BotAuthResult(true, null, result.ClaimsIdentity)
            : BotAuthResult.Fail(Describe(result.Exception));
    }

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
