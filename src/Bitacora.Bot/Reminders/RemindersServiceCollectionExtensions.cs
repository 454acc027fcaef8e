using Bitacora.Bot.Conversations;
using Bitacora.Bot.Commitments;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace Bitacora.Bot.Reminders;

public static class RemindersServiceCollectionExtensions
{
    public const string SweepJobId = "reminders-sweep";

    /// <summary>
    /// <see cref="RemindersCoreServices.AddRemindersCore"/> (policy, due index, outbox, sweep, planner) plus the Teams reminder channel (<see cref="ConnectorReminderChannel"/>),
    /// Commitments' <see cref="IReminderPlanner"/>, and Hangfire (InMemory storage by default; PostgreSQL when
    /// ConnectionStrings:Hangfire or Reminders:PostgreSqlConnectionString is set, so that with several instances each
    /// sweep runs once). Needs AddTableStorage, AddBitacoraHost (protocol layer, rate limiter), AddRegistry, AddCalendar
    /// and AddCommitments. Working hours are the configured ones; <see cref="AddGraphWorkingHours"/> (BitacoraServices,
    /// with Registry:UseGraph) replaces them with Graph's.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration,
        bool addHangfireServer = true)
    {
        services.AddRemindersCore(configuration);
        services.AddSingleton<IReminderChannel, ConnectorReminderChannel>();
        services.AddTransient<ReminderSweepJob>();
        // Read here only for Hangfire's storage (the options themselves are checked at start-up by AddRemindersCore).
        var options = configuration.GetSection(ReminderOptions.SectionName).Get<ReminderOptions>() ?? new ReminderOptions();

        var postgres = configuration.GetConnectionString("Hangfire") is { Length: > 0 } cs ? cs : options.PostgreSqlConnectionString;
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (string.IsNullOrWhiteSpace(postgres))
            {
                config.UseInMemoryStorage();
            }
            else
            {
                config.UsePostgreSqlStorage(pg => pg.UseNpgsqlConnection(postgres), new PostgreSqlStorageOptions
                {
                    DistributedLockTimeout = options.Scheduler.DistributedLockTimeout,
                    QueuePollInterval = options.Scheduler.QueuePollInterval,
                    EnableLongPolling = options.Scheduler.LongPolling,
                });
            }
        });
        services.AddSingleton<ProactiveSendLock>();
        if (addHangfireServer)
        {
            services.AddHangfireServer();
            services.AddHostedService<ReminderJobRegistration>();
        }
        return services;
    }

    /// <summary>
    /// The Hangfire dashboard at <paramref name="path"/>: in Development local requests only; otherwise also local
    /// only, unless Reminders:Dashboard:AllowRemote is true, in which case an authenticated user is required (and the
    /// role Reminders:Dashboard:Role if set). Call after UseAuthentication/UseAuthorization when remote is allowed.
    /// The dashboard is built by the first request to it, not at start-up: building it configures Hangfire (storage,
    /// serializer, dashboard routes), which an instance without the scheduler would otherwise carry idle (issue 16).
    /// </summary>
    public static IEndpointConventionBuilder MapReminderDashboard(this IEndpointRouteBuilder endpoints, string path = "/hangfire")
    {
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var options = endpoints.ServiceProvider.GetRequiredService<ReminderOptions>();
            var env = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
            // What MapHangfireDashboard maps: the path moves to PathBase, the dashboard serves the rest, 404 for the others.
            var app = endpoints.CreateApplicationBuilder()
                .UsePathBase(path)
                .UseMiddleware<AspNetCoreDashboardMiddleware>(endpoints.ServiceProvider.GetRequiredService<JobStorage>(), new Hangfire.DashboardOptions
                {
                    Authorization = [new ReminderDashboardAuthorization(options.Dashboard, env.IsDevelopment())],
                    DisplayStorageConnectionString = false,
                }, DashboardRoutes.Routes);
            app.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
            return app.Build();
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        return endpoints.Map(path + "/{**path}", http => dashboard.Value(http)).WithDisplayName("Hangfire dashboard");
    }
}

/// <summary>The dashboard rule described on <see cref="RemindersServiceCollectionExtensions.MapReminderDashboard"/>.</summary>
public sealed class ReminderDashboardAuthorization(Reminders.DashboardOptions options, bool isDevelopment) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => IsAllowed(context.GetHttpContext());

    public bool IsAllowed(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        var isLocal = remote is null || System.Net.IPAddress.IsLoopback(remote)
                      || (http.Connection.LocalIpAddress is { } local && remote.Equals(local));
        if (isLocal)
        {
            return true;
        }
        if (isDevelopment || !options.AllowRemote || http.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        return string.IsNullOrWhiteSpace(options.Role) || http.User.IsInRole(options.Role);
    }
}

/// <summary>
/// The Hangfire entry point: one sweep at the current instant, by whichever instance holds the
/// <see cref="ProactiveSendLock"/> (a tick that finds it taken leaves the work to the holder and the next tick).
/// </summary>
public sealed class ReminderSweepJob(ReminderSweep sweep, ProactiveSendLock sendLock, TeamsRateLimiter limiter, ReminderOptions options,
    TimeProvider time, ILogger<ReminderSweepJob> logger)
{
    [AutomaticRetry(Attempts = 0)] // the next cron tick is the retry; the truth is in Table Storage
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var held = sendLock.TryAcquire(options.Scheduler.SweepLockWait);
        if (held is null)
        {
            logger.LogInformation("Reminder sweep skipped: another sweep or summary holds the proactive-send lock.");
            return;
        }
        var report = await sweep.RunAsync(time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Reminder sweep: {Report}", report);
        await limiter.QuietAsync(cancellationToken); // the next holder's first second must not stack on our last
    }
}

/// <summary>Registers the recurring sweep once the host has started (idempotent: AddOrUpdate by id).</summary>
internal sealed class ReminderJobRegistration(IRecurringJobManager jobs, ReminderOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<ReminderSweepJob>(RemindersServiceCollectionExtensions.SweepJobId, job => job.RunAsync(CancellationToken.None),
            options.SweepCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
