using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Summaries;

public static class SummariesServiceCollectionExtensions
{
    /// <summary>
    /// The semester feedback summary: command «resumen semestral», the outbox that sends it once per recipient and
    /// the Hangfire recurring job on Summaries:Dates at Summaries:TimeOfDay (America/Santiago, re-run daily for
    /// Summaries:CommentsWaitDays); the informe sintético (.docx, with the professional's comments drafted with
    /// «informe sintético»). Needs AddCoordination (the report builder, texts and charts), AddFiles and AddReminders
    /// (Hangfire, the proactive send lock). With
    /// Reminders:RunScheduler=false (tests, the CLI) the recurring job is not registered; tests call
    /// <see cref="SemesterSummaryJob.RunAsync"/> directly.
    /// </summary>
    public static IServiceCollection AddSummaries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SummaryOptions>()
            .Bind(configuration.GetSection(SummaryOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SummaryOptions>, SummaryOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SummaryOptions>>().Value);
        services.AddTexts(SummaryTexts.Load);
        services.AddSingleton<SummaryFigures>();
        services.AddSingleton<SummaryCards>();
        services.AddSingleton<SummaryCharts>();
        services.AddSingleton<SummaryDocument>();
        services.AddSingleton<SummaryCommentStore>();
        services.AddSingleton<SummaryInformes>();
        services.AddSingleton<SummaryCommentFlow>();
        services.AddBotCommand<SummaryCommentsCommand>();
        foreach (var verb in SummaryCommentAction.Verbs)
        {
            services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<SummaryCommentAction>(sp, verb));
        }
        services.AddSingleton<SummaryOutbox>();
        services.AddSingleton<SemesterSummaryJob>();
        services.AddTransient<SemesterSummaryHangfireJob>();
        services.AddBotCommand<SemesterSummaryCommand>();
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<SummaryTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains([SummaryCards.Template, SummaryCommentFlow.Template]);
        });
        if (configuration.GetValue("Reminders:RunScheduler", defaultValue: true))
        {
            services.AddHostedService<SemesterSummaryJobRegistration>();
        }
        return services;
    }
}
