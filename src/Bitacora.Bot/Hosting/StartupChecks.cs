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

/// <summary>How a feature registers its texts: one call, loaded from Content/Texts/ and checked at start-up.</summary>
public static class TextsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the feature's catalog (a <see cref="Texts.TextCatalog"/> subclass) as a singleton built by
    /// <paramref name="load"/> from the Content/Texts folder, and loads it while the host starts: a missing key or a
    /// broken placeholder stops the start naming the file.
    /// </summary>
    public static IServiceCollection AddTexts<T>(this IServiceCollection services, Func<string, T> load)
        where T : Texts.TextCatalog
    {
        services.AddSingleton(sp => load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Texts")));
        services.AddStartupCheck(sp => sp.GetRequiredService<T>());
        return services;
    }
}
