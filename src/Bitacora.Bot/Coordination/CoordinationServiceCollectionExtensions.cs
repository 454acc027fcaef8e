using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions.Flow;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the DI namespace (as is usual for AddXxx extensions) so Program.cs needs only the AddCoordination line.
namespace Microsoft.Extensions.DependencyInjection;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Coordinator commands (resumen, pendientes, vencidos, participación), the report builder they share with the
    /// semester summary (AddSummaries), their texts and cards (checked at start-up). Needs AddRegistry, AddSessions,
    /// AddRubricScores, AddGuides and AddReminders (CommitmentStore).
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCoordinationCore();
        services.AddSingleton<CoordinationServices>();
        services.AddBotCommand<PendingCommand>();
        services.AddBotCommand<OverdueCommand>();
        services.AddBotCommand<ParticipationCommand>();
        services.AddBotCommand<SummaryCommand>();
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<CoordinationTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains(
                [CoordinationListCard.Template, CoordinationReportCard.Template]);
        });
        return services;
    }
}

