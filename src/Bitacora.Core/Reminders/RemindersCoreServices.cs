using Bitacora.Bot.Commitments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace Bitacora.Bot.Reminders;

public static class RemindersCoreServices
{
    /// <summary>
    /// Reminders without Teams and without a scheduler: policy (checked at start-up), working hours (the configured ones;
    /// <see cref="AddGraphWorkingHours"/> replaces them with Graph's), due index, outbox, sweep, and
    /// Commitments' <see cref="IReminderPlanner"/>. The sweep delivers through an <see cref="IReminderChannel"/> the
    /// composition adds (the host: the Bot Framework connector). Needs AddTableStorage, AddTeamsRateLimiter,
    /// AddRegistryCore, AddCalendar and AddCommitmentsCore.
    /// </summary>
    public static IServiceCollection AddRemindersCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked when the host starts (ReminderOptionsValidator names the key).
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection(ReminderOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReminderOptions>>().Value);
        services.AddSingleton(sp => ReminderPolicy.From(sp.GetRequiredService<ReminderOptions>()));
        services.AddMemoryCache();
        services.TryAddSingleton<IWorkingHoursProvider, ConfiguredWorkingHoursProvider>();
        services.TryAddSingleton<Observability.BitacoraMetrics>();
        services.AddSingleton<ReminderDueIndex>();
        services.AddSingleton<ReminderOutbox>();
        services.AddSingleton<IReminderOutbox>(sp => sp.GetRequiredService<ReminderOutbox>());
        services.AddSingleton<LegacyOutboxRows>();
        services.AddSingleton<DueBucketScan>();
        services.AddSingleton<OutboxTransitions>();
        services.AddSingleton<ReminderDelivery>();
        services.AddSingleton<ReminderPlanner>();
        services.AddSingleton<IReminderPlanner>(sp => sp.GetRequiredService<ReminderPlanner>());
        services.AddSingleton<ReminderSweep>();
        return services;
    }

    /// <summary>
    /// Per-person working hours from Graph's mailboxSettings (needs AddGraph), unless Reminders:Graph:Enabled is false;
    /// replaces AddRemindersCore's configured default whichever runs first.
    /// </summary>
    public static IServiceCollection AddGraphWorkingHours(this IServiceCollection services)
    {
        services.AddSingleton<IWorkingHoursProvider>(sp => sp.GetRequiredService<ReminderOptions>().Graph.Enabled
            ? ActivatorUtilities.CreateInstance<GraphWorkingHoursProvider>(sp, sp.GetRequiredService<GraphServiceClient>())
            : ActivatorUtilities.CreateInstance<ConfiguredWorkingHoursProvider>(sp));
        return services;
    }
}
