using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Summaries;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the DI namespace (as is usual for AddXxx extensions) so Program.cs needs only the AddCoordination line.
namespace Microsoft.Extensions.DependencyInjection;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Coordinator commands (resumen, pendientes, vencidos, participación, exportar), the semester feedback summary
    /// (command «resumen semestral» and the Hangfire recurring job on Summaries:Dates at Summaries:TimeOfDay,
    /// America/Santiago, re-run daily for Summaries:CommentsWaitDays), the informe sintético (.docx, with the
    /// professional's comments drafted with «informe sintético»; needs AddFiles), their texts and cards (checked at start-up). Needs AddRegistry, AddSessions,
    /// AddRubricScores, AddGuides and AddReminders (CommitmentStore, Hangfire). With Reminders:RunScheduler=false
    /// (tests) the recurring job is not registered; tests call <see cref="SemesterSummaryJob.RunAsync"/> directly.
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SummaryOptions>()
            .Bind(configuration.GetSection(SummaryOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<SummaryOptions>, SummaryOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SummaryOptions>>().Value);
        services.TryAddSingleton<ChileTime>();
        services.AddSingleton(sp => CoordinationTexts.Load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Texts")));
        services.AddSingleton<CoordinationScopeResolver>();
        services.AddSingleton<CoordinationReader>();
        services.AddSingleton<FeedbackReportBuilder>();
        services.AddSingleton<CoordinationCharts>();
        services.AddSingleton<CoordinationServices>();
        services.AddSingleton(sp => SummaryTexts.Load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Texts")));
        services.AddSingleton<SummaryFigures>();
        services.AddSingleton<SummaryCards>();
        services.AddSingleton<SummaryCharts>();
        services.AddSingleton<SummaryDocument>();
        services.AddSingleton<SummaryCommentStore>();
        services.AddSingleton<SummaryInformes>();
        services.AddSingleton<SummaryCommentFlow>();
        services.AddSingleton<IBotCommand, SummaryCommentsCommand>();
        foreach (var verb in SummaryCommentAction.Verbs)
        {
            services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<SummaryCommentAction>(sp, verb));
        }
        services.AddSingleton<SummaryOutbox>();
        services.AddSingleton<SemesterSummaryJob>();
        services.AddTransient<SemesterSummaryHangfireJob>();
        services.AddSingleton<IBotCommand, PendingCommand>();
        services.AddSingleton<IBotCommand, OverdueCommand>();
        services.AddSingleton<IBotCommand, ParticipationCommand>();
        services.AddSingleton<IBotCommand, SummaryCommand>();
        services.AddSingleton<IBotCommand, SemesterSummaryCommand>();
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<CoordinationTexts>();
            sp.GetRequiredService<SummaryTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains(
                [PendingCommand.Template, ParticipationCommand.Template, SummaryCards.Template, SummaryCommentFlow.Template]);
        });
        if (configuration.GetValue("Reminders:RunScheduler", defaultValue: true))
        {
            services.AddHostedService<SemesterSummaryJobRegistration>();
        }
        return services;
    }
}

