using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Content (texts, card templates, guides) is loaded and validated right after the host has started listening — off
/// the start path (issue 16: cold start ≤ 1 s; the checks parse every data file, and load only what reads them — no router or
/// command, whose code an idle bot would otherwise carry), but
/// still before anyone is likely to need it. A broken file stops the application naming the file (critical log, exit
/// code 1), not the first user who needs it; a turn arriving meanwhile simply loads what it needs itself (singletons).
/// Each feature registers its check with one call.
/// </summary>
public static class StartupCheckServiceCollectionExtensions
{
    public static IServiceCollection AddStartupCheck(this IServiceCollection services, Action<IServiceProvider> check)
    {
        services.AddSingleton(new StartupCheck(check));
        services.TryAddSingleton<StartupChecksRunner>();
        // One hosted runner however many features add checks (TryAddEnumerable keys on the factory's return type).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StartupChecksRunner>(sp => sp.GetRequiredService<StartupChecksRunner>()));
        return services;
    }
}

/// <summary>One feature's content check (throws naming the broken file).</summary>
public sealed record StartupCheck(Action<IServiceProvider> Run);

/// <summary>Runs every <see cref="StartupCheck"/> once the application has started; stops it when one fails.</summary>
public sealed class StartupChecksRunner(
    IServiceProvider services,
    IEnumerable<StartupCheck> checks,
    IHostApplicationLifetime lifetime,
    ILogger<StartupChecksRunner> logger) : IHostedService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every check ran (faulted with the first failure).</summary>
    public Task Completion => _done.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RunAll, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void RunAll()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var check in checks)
            {
                check.Run(services);
            }
            logger.LogInformation("Content checked in {Ms:0} ms after the start", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _done.TrySetResult();
        }
        catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            _done.TrySetCanceled(); // the host stopped before the checks finished (a short-lived test host): nothing to report
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Broken content, stopping: {Reason}", e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            _done.TrySetException(e);
        }
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
