using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions.Flow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Coordination;

public static class CoordinationCoreServices
{
    /// <summary>
    /// The coordination reports without Teams: scope resolution, the reader, the feedback report and its charts, their
    /// texts (checked at start-up). Needs AddRegistryCore, AddSessions, AddGuides and AddCommitmentsCore.
    /// </summary>
    public static IServiceCollection AddCoordinationCore(this IServiceCollection services)
    {
        services.TryAddSingleton<ChileTime>();
        services.AddTexts(CoordinationTexts.Load);
        services.AddSingleton<CoordinationScopeResolver>();
        services.AddSingleton<CoordinationReader>();
        services.AddSingleton<FeedbackReportBuilder>();
        services.AddSingleton<CoordinationCharts>();
        return services;
    }
}
