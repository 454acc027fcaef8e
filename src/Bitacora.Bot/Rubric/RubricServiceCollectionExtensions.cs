using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Rubric.Flow;

namespace Bitacora.Bot.Rubric;

public static class RubricServiceCollectionExtensions
{
    /// <summary>Rubric score storage; needs <c>AddTableStorage</c>, <c>AddSessions</c> (for its options) and a TimeProvider.</summary>
    public static IServiceCollection AddRubricScores(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Sessions.SessionOptions>().Bind(configuration.GetSection(Sessions.SessionOptions.SectionName));
        services.AddSingleton<RubricScoreRepository>();
        return services;
    }

    /// <summary>
    /// The rubric in Teams: «rúbrica», the rubric.save card action and the rubric card (checked at start-up), on top
    /// of <see cref="AddRubricScores"/>. Needs AddBitacoraHost, AddRegistry, AddGuides and AddMeetingFlow (its
    /// session access and texts).
    /// </summary>
    public static IServiceCollection AddRubric(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRubricScores(configuration);
        services.AddSingleton<RubricCards>();
        services.AddSingleton<RubricFlow>();
        services.AddSingleton<IBotCommand, RubricCommand>();
        services.AddSingleton<ICardAction, RubricSaveAction>();
        services.AddStartupCheck(sp => sp.GetRequiredService<CardCatalog>().EnsureContains([RubricCards.Template]));
        return services;
    }
}
