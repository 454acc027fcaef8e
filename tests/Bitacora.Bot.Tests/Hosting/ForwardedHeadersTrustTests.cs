using System.Net;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Reminders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>Issue 10 item 7: with forwarded headers switched on the way App Service does (every sender trusted),
/// a remote caller's <c>X-Forwarded-For: 127.0.0.1</c> no longer makes it look local to the Hangfire dashboard.</summary>
public class ForwardedHeadersTrustTests
{
    private static async Task<HttpContext> ThroughForwardedHeadersAsync(IDictionary<string, string?> settings, string remote)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        // What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true does: trust every sender.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        services.AddForwardedHeadersTrust(configuration);
        var options = services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>();

        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Connection.LocalIpAddress = IPAddress.Parse("10.0.0.4");
        context.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
        await new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, options).Invoke(context);
        return context;
    }

    private static bool DashboardAllows(HttpContext context) =>
        new ReminderDashboardAuthorization(new Bot.Reminders.DashboardOptions(), isDevelopment: false).IsAllowed(context);

    [Fact]
    public async Task A_forged_forwarded_for_from_an_unknown_sender_is_ignored()
    {
        var context = await ThroughForwardedHeadersAsync(new Dictionary<string, string?>(), "203.0.113.9");
        Assert.Equal(IPAddress.Parse("203.0.113.9"), context.Connection.RemoteIpAddress);
        Assert.False(DashboardAllows(context));
    }

    [Fact]
    public async Task A_configured_proxy_is_believed()
    {
        var context = await ThroughForwardedHeadersAsync(
            new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "169.254.0.0/16" }, "169.254.129.3");
        Assert.Equal(IPAddress.Loopback, context.Connection.RemoteIpAddress);
    }
}
