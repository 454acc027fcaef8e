using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.BotFramework.Tests.Infrastructure;

/// <summary>A minimal ASP.NET host with the real pipeline (TestServer): AddBotFramework + MapBotMessages.</summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotTestHost(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public CapturingLoggerProvider Logs { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<BotTestHost> StartAsync(IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        // Development: the environment where anonymous mode (tests without an app id) is allowed.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Tests must never wait long for the connector.
            ["BotFramework:Retry:BaseDelay"] = "00:00:00.050",
            ["BotFramework:Retry:MaxDelay"] = "00:00:00.200",
            ["BotFramework:Retry:MaxTotalTime"] = "00:00:10",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddBotFramework(builder.Configuration);
        if (configure is not null) configure(builder.Services);
        else builder.Services.AddSingleton<IBot, RecordingBot>();
        var app = builder.Build();
        app.MapBotMessages("/api/messages");
        await app.StartAsync();
        return new BotTestHost(app, logs);
    }

    public Task<HttpResponseMessage> PostAsync(string json, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
