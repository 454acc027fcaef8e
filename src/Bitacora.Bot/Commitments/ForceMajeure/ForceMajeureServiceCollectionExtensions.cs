using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Commitments.ForceMajeure;

public static class ForceMajeureServiceCollectionExtensions
{
    /// <summary>
    /// The force-majeure process (request → review → applied decisions): its service, store, cards, the «fuerza mayor»
    /// command and the card actions. Needs AddCommitmentChat (texts, views, card catalog); called next to it by AddCommitments.
    /// </summary>
    public static IServiceCollection AddForceMajeure(this IServiceCollection services)
    {
        services.AddSingleton<ForceMajeureRequestStore>();
        services.AddSingleton<ForceMajeureApplier>();
        services.AddSingleton<ForceMajeureService>();
        services.AddSingleton<ForceMajeureViews>();
        services.AddSingleton<ForceMajeureInputs>();
        services.AddSingleton<ForceMajeureCandidates>();
        services.AddSingleton<ForceMajeureReviewCards>();
        services.AddSingleton<ForceMajeureDelivery>();
        services.AddBotCommand<ForceMajeureCommand>();
        services.AddSingleton<ICardAction, OpenForceMajeureFormAction>();
        services.AddSingleton<ICardAction, SubmitForceMajeureAction>();
        services.AddSingleton<ICardAction, ApproveForceMajeureAction>();
        services.AddSingleton<ICardAction, RejectForceMajeureAction>();
        services.AddSingleton<ICardAction, AskMoreForceMajeureAction>();
        services.AddSingleton<ICardAction, AnswerForceMajeureAction>();
        services.AddStartupCheck(sp => sp.GetRequiredService<CardCatalog>().EnsureContains(ForceMajeureViews.Templates));
        return services;
    }
}
