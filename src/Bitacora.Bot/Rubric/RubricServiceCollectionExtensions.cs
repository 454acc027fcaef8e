using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Rubric.Flow;

namespace Bitacora.Bot.Rubric;

public static class RubricServiceCollectionExtensions
{
    /// <summary>
    /// The rubric in Teams: «rúbrica», the rubric.save card action and the rubric card (checked at start-up), on top
    /// of <see cref="RubricCoreServices.AddRubricScores"/>. Needs AddBitacoraHost, AddRegistry, AddGuides and AddMeetingFlow (its
    /// session access and texts).
    /// </summary>
    public static IServiceCollection AddRubric(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRubricScores(configuration);
        services.AddSingleton<RubricCards>();
        services.AddSingleton<RubricFlow>();
        services.AddBotCommand<RubricCommand>();
        services.AddSingleton<ICardAction, RubricSaveAction>();
        services.AddStartupCheck(sp => sp.GetRequiredService<CardCatalog>().EnsureContains([RubricCards.Template]));
        return services;
    }
}
