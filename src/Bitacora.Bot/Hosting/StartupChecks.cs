namespace Bitacora.Bot.Hosting;

/// <summary>
/// Content (texts, card templates, guides) is loaded and validated while the host starts, so a broken file stops the
/// start naming the file — not the first user who needs it. Each feature registers its check with one call.
/// </summary>
public static class StartupCheckServiceCollectionExtensions
{
    public static IServiceCollection AddStartupCheck(this IServiceCollection services, Action<IServiceProvider> check)
    {
        services.AddSingleton<IHostedService>(sp => new StartupCheck(sp, check));
        return services;
    }

    private sealed class StartupCheck(IServiceProvider services, Action<IServiceProvider> check) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            check(services);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
