using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bitacora.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>Registers the protocol layer. The host adds its <see cref="IBot"/> (scoped or singleton),
    /// any <see cref="ITurnMiddleware"/> and <see cref="ITurnErrorHandler"/>, and maps
    /// <see cref="BotEndpointRouteBuilderExtensions.MapBotMessages"/>.</summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>().Configure(options =>
        {
            configuration.GetSection(BotFrameworkOptions.SectionName).Bind(options);
            options.MicrosoftAppId = configuration["MicrosoftAppId"];
            options.MicrosoftAppPassword = configuration["MicrosoftAppPassword"];
            options.MicrosoftAppTenantId = configuration["MicrosoftAppTenantId"];
            if (!string.IsNullOrWhiteSpace(configuration["MicrosoftAppType"]))
                options.MicrosoftAppType = configuration["MicrosoftAppType"]!;
        }).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ConnectorTelemetry>();
        services.AddHttpClient();
        services.TryAddSingleton<IAccessTokenProvider>(sp =>
            sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.IsAnonymous
                ? new AnonymousAccessTokenProvider()
                : ActivatorUtilities.CreateInstance<MsalAccessTokenProvider>(sp));
        services.TryAddTransient<ConnectorAuthHandler>();
        services.TryAddTransient<ConnectorThrottleMeter>();
        services.AddHttpClient(ConnectorClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ConnectorAuthHandler>()
            .AddConnectorResilience()
            .AddHttpMessageHandler<ConnectorThrottleMeter>();
        services.AddHttpClient(BotAuthenticator.MetadataHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));

        services.TryAddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<IConnectorClientFactory, ConnectorClientFactory>();
        services.TryAddSingleton<BotAuthenticator>();
        services.TryAddSingleton<BotAdapter>();
        services.TryAddSingleton<IBotAdapter>(sp => sp.GetRequiredService<BotAdapter>());
        services.TryAddSingleton<BotMessagesEndpoint>();
        services.AddHostedService<BotFrameworkStartupAnnouncer>();
        return services;
    }
}

/// <summary>Says once, at start-up, which authentication mode the bot runs in.</summary>
internal sealed class BotFrameworkStartupAnnouncer(
    IOptions<BotFrameworkOptions> options, IHostEnvironment environment, ILogger<BotFrameworkStartupAnnouncer> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.IsAnonymous && !environment.IsDevelopment())
            logger.LogCritical("Bot Framework ANONYMOUS mode in the '{Environment}' environment because " +
                               "BotFramework:AllowAnonymous=true: inbound requests are NOT authenticated. Never use this " +
                               "with a real Teams channel.", environment.EnvironmentName);
        else if (o.IsAnonymous)
            logger.LogWarning("Bot Framework ANONYMOUS mode: no MicrosoftAppId configured, inbound requests are not " +
                              "authenticated and outbound calls carry no token. For local emulators only.");
        else
            logger.LogInformation("Bot Framework authentication on: app {AppId} ({AppType})", o.MicrosoftAppId,
                o.IsSingleTenant ? "SingleTenant" : "MultiTenant");
        if (!o.IsAnonymous && (o.AllowedCallers is null || o.AllowedCallers.All(string.IsNullOrWhiteSpace)))
            logger.LogWarning("BotFramework:AllowedCallers is empty: Entra tokens are accepted only when the bot itself is " +
                              "the caller. If the channel's tokens are refused, the log names their app id (docs/DEPLOY.md).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
