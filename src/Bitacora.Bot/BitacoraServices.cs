using Bitacora.Bot.Attendance;
using Bitacora.Bot.Calendar;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Summaries;
using Bitacora.Bot.Territories;

namespace Bitacora.Bot;

/// <summary>The one composition of the bot's features, shared by the web host (Program.cs) and the CLI.</summary>
public static class BitacoraServices
{
    /// <summary>
    /// Every feature's services through its own Add… method. Reminders:RunScheduler=false (tests, the CLI) leaves out
    /// the Hangfire server and the recurring-job registrations; nothing else differs between the host and the CLI.
    /// </summary>
    public static IHostApplicationBuilder AddBitacora(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var runScheduler = configuration.GetValue("Reminders:RunScheduler", defaultValue: true);
        services.AddSingleton(TimeProvider.System);
        services.AddTableStorage(configuration);
        services.AddBitacoraHost(configuration);
        services.AddRegistry(configuration);
        services.AddTerritories();
        services.AddGuides(configuration);
        services.AddSessions(configuration);
        services.AddMeetingFlow();
        services.AddRubric(configuration);
        services.AddAttendance();
        services.AddLogbook();
        services.AddCalendar();
        services.AddCommitments();
        services.AddReminders(configuration, addHangfireServer: runScheduler);
        services.AddCoordination(configuration);
        services.AddSummaries(configuration);
        services.AddFiles(configuration);
        services.AddExports();
        services.AddGraphIfConfigured(configuration);
        return builder;
    }

    /// <summary>
    /// Microsoft Graph when Registry:UseGraph is true: the one <see cref="Microsoft.Graph.GraphServiceClient"/>, identity
    /// linking by Graph (replacing the registry's default) and working hours from mailboxSettings (replacing the
    /// reminders' configured hours). Decided here, once; the features register only their defaults.
    /// </summary>
    public static IServiceCollection AddGraphIfConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(RegistryOptions.SectionName).GetValue<bool>(nameof(RegistryOptions.UseGraph)))
        {
            services.AddGraph(configuration);
            services.AddGraphWorkingHours();
        }
        return services;
    }
}
