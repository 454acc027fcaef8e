using Bitacora.Bot.Commitments.Evidence;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Chat;

public static class CommitmentChatServiceCollectionExtensions
{
    /// <summary>The connector's named HttpClient (Bitacora.BotFramework's ConnectorClientFactory.HttpClientName).</summary>
    public const string ConnectorHttpClientName = "Bitacora.BotFramework.Connector";

    /// <summary>
    /// The Teams side of commitments: «nuevo compromiso», «mis compromisos», the card actions, the proactive notices.
    /// Needs the host (AddBitacoraHost: protocol layer, card catalog, texts, conversation references, rate limiter).
    /// Called by AddCommitments.
    /// </summary>
    public static IServiceCollection AddCommitmentChat(this IServiceCollection services)
    {
        services.AddOptions<CommitmentChatOptions>().BindConfiguration(CommitmentChatOptions.SectionName);
        services.AddTexts(CommitmentTexts.Load);
        services.AddSingleton<CommitmentViews>();
        services.AddSingleton<CommitmentForm>();
        services.AddSingleton<CommitmentNotifier>();
        services.AddBotCommand<NewCommitmentCommand>();
        services.AddBotCommand<MyCommitmentsCommand>();
        services.AddBotCommand<UnitCommitmentsCommand>();
        services.AddSingleton<ICardAction, CreateCommitmentAction>();
        services.AddSingleton<ICardAction, NewCommitmentForSessionAction>();
        services.AddSingleton<ICardAction, RefreshCommitmentFormAction>();
        services.AddSingleton<ICardAction, ShowCommitmentAction>();
        services.AddSingleton<ICardAction, MarkDoneAction>();
        services.AddSingleton<ICardAction, RescheduleAction>();
        services.AddSingleton<ICardAction, ResumeAction>();
        services.AddSingleton<CommitmentManageCard>();
        services.AddSingleton<CommitmentSources>();
        services.AddSingleton<ISearchDataset, ResponsibleSearch>();
        services.AddEvidenceFiles();
        services.AddSingleton<ICardAction, OpenManageCardAction>();
        services.AddSingleton<ICardAction, EditCommitmentAction>();
        services.AddSingleton<ICardAction, ReassignCommitmentAction>();
        services.AddSingleton<ICardAction, CancelCommitmentAction>();

        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<CardCatalog>().EnsureContains(CommitmentViews.Templates);
            sp.GetRequiredService<CommitmentTexts>();
        });
        return services;
    }
}

