namespace Bitacora.BotFramework;

/// <summary>Settings: the four root keys of the Bot Framework (MicrosoftAppId, MicrosoftAppPassword,
/// MicrosoftAppTenantId, MicrosoftAppType) plus the section <c>BotFramework</c> for the rest.</summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    /// <summary>The tenant of botframework.com: Entra tokens from it are accepted for MultiTenant bots.</summary>
    public const string BotFrameworkTenantId = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><c>MultiTenant</c> (default) or <c>SingleTenant</c>.</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>
    /// Lets the bot start without <c>MicrosoftAppId</c> outside Development (for a local emulator or test host run in
    /// another environment). Logged as a critical warning at start-up. Anonymous mode in Development needs no flag.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>No app id: no inbound token required, no outbound token sent (local emulators only).</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);

    /// <summary>Bot Framework channel OpenID metadata (keys with endorsements).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Entra ID OpenID metadata; <c>{tenant}</c> is replaced by the tenant id.</summary>
    public string EntraOpenIdMetadataUrl { get; set; } =
        "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>Entra authority host for outbound tokens.</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Tenant of the outbound token for MultiTenant bots.</summary>
    public string ChannelAuthTenant { get; set; } = "botframework.com";

    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Tolerance on token lifetimes (the Bot Framework SDK uses 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest accepted /api/messages body.</summary>
    public int MaxRequestBodyBytes { get; set; } = 512 * 1024;

    /// <summary>An outbound token is renewed when it expires within this margin.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    public ConnectorRetryOptions Retry { get; set; } = new();

    /// <summary>App ids (the <c>appid</c> claim of v1 / <c>azp</c> of v2 Entra tokens) allowed to call the bot with an
    /// Entra token, besides the bot's own app id. Empty by default: any other app of the tenant can obtain a token
    /// for the bot, so only the callers named here (the Azure Bot Service's app id as seen in the bot's tenant —
    /// a refused caller's app id is logged) are trusted. Bot Framework channel tokens (issuer
    /// https://api.botframework.com) carry no caller and are not affected.</summary>
    public string[]? AllowedCallers { get; set; }

    /// <summary>Extra serviceUrls (absolute URL prefixes) the bot may talk to, besides the Bot Framework / Teams hosts
    /// (<see cref="ServiceUrlPolicy.BuiltInHosts"/>). In anonymous mode loopback URLs are allowed too.</summary>
    public string[]? AllowedServiceUrls { get; set; }

    /// <summary>The tenant whose Entra tokens are accepted inbound.</summary>
    public string EntraTenantId => IsSingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId!
        : BotFrameworkTenantId;

    /// <summary>The tenant outbound tokens are requested from.</summary>
    public string OutboundTenant => IsSingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId!
        : ChannelAuthTenant;
}

/// <summary>Retries of Connector calls (see ConnectorResilience): 429 always, 5xx/timeouts only for GET/PUT/DELETE.</summary>
public sealed class ConnectorRetryOptions
{
    /// <summary>Attempts in total, the first one included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; doubles each time, with ±20 % jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of a computed backoff delay (a Retry-After is honoured as long as it fits in MaxTotalTime).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Nothing is retried past this much time since the first attempt.</summary>
    public TimeSpan MaxTotalTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt (never more than what is left of <see cref="MaxTotalTime"/>).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
