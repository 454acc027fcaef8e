using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Forwarded headers (X-Forwarded-For/-Proto) are believed only from the proxies named in configuration —
/// <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR) — or, when
/// none are named, from loopback only. Azure App Service turns the forwarded-headers middleware on with
/// ASPNETCORE_FORWARDEDHEADERS_ENABLED, which otherwise trusts every sender: anybody could then claim
/// <c>X-Forwarded-For: 127.0.0.1</c> and look local to the Hangfire dashboard. Applied after every other configuration.
/// </summary>
public static class ForwardedHeadersTrust
{
    public static IServiceCollection AddForwardedHeadersTrust(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
            var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address) ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies '{proxy}' is not an IP address."));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed) ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks '{network}' is not a CIDR network (e.g. 10.0.0.0/8)."));
            }
            if (proxies.Length == 0 && networks.Length == 0)
            {
                options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
            }
        });
        services.AddOptions<ForwardedHeadersOptions>().ValidateOnStart(); // a bad address stops the start, naming the key
        return services;
    }
}
