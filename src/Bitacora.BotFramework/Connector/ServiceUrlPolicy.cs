using Microsoft.Extensions.Options;

namespace Bitacora.BotFramework;

/// <summary>Which serviceUrls the bot talks to (and sends its token to): the Bot Framework / Teams hosts over https,
/// plus <see cref="BotFrameworkOptions.AllowedServiceUrls"/>, plus — in anonymous mode only — loopback URLs (the
/// local emulators). Checked on inbound activities, when a connector client is created, and on every outbound
/// request before the token is attached.</summary>
public sealed class ServiceUrlPolicy
{
    /// <summary>Hosts of the public Bot Framework / Teams connector service. "*." means any subdomain. Not
    /// "*.trafficmanager.net": anybody can own a subdomain there.</summary>
    public static readonly IReadOnlyList<string> BuiltInHosts =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "*.teams.microsoft.com",
    ];

    private readonly bool _allowLoopback;
    private readonly List<string> _hostPatterns = [];
    private readonly List<Uri> _prefixes = [];

    public ServiceUrlPolicy(IOptions<BotFrameworkOptions> options)
    {
        var o = options.Value;
        _allowLoopback = o.IsAnonymous;
        _hostPatterns.AddRange(BuiltInHosts);
        foreach (var entry in o.AllowedServiceUrls ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry)) continue;
            if (Uri.TryCreate(entry.Trim(), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                _prefixes.Add(uri);
            else
                throw new InvalidOperationException(
                    $"BotFramework:AllowedServiceUrls entry '{entry}' is not an absolute http(s) URL.");
        }
    }

    /// <summary>True when the bot may call (and send its token to) <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowed(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && IsAllowed(uri);

    public bool IsAllowed(Uri uri)
    {
        if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.UserInfo)) return false;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return false;
        if (_prefixes.Any(p => Matches(p, uri))) return true;
        if (_allowLoopback && uri.IsLoopback) return true;
        return uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort
               && _hostPatterns.Any(pattern => HostMatches(pattern, uri.IdnHost));
    }

    /// <summary>Throws <see cref="ServiceUrlNotAllowedException"/> unless allowed.</summary>
    public void EnsureAllowed(string? serviceUrl)
    {
        if (!IsAllowed(serviceUrl)) throw new ServiceUrlNotAllowedException(serviceUrl);
    }

    private static bool Matches(Uri prefix, Uri uri) =>
        string.Equals(prefix.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(prefix.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
        && prefix.Port == uri.Port
        && uri.AbsolutePath.StartsWith(prefix.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

    internal static bool HostMatches(string pattern, string host)
    {
        host = host.TrimEnd('.');
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = pattern[1..]; // ".botframework.com"
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The bot refused to talk to a serviceUrl outside <see cref="ServiceUrlPolicy"/>; nothing was sent.</summary>
public sealed class ServiceUrlNotAllowedException(string? serviceUrl)
    : InvalidOperationException($"The serviceUrl '{serviceUrl}' is not on the allow-list of Bot Framework / Teams hosts; nothing was sent.")
{
    public string? ServiceUrl { get; } = serviceUrl;
}
