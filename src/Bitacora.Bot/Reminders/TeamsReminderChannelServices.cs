using Bitacora.Bot.Cards;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Reminders;

public static class TeamsReminderChannelServices
{
    /// <summary>
    /// The reminder channel over the Bot Framework connector (<see cref="ConnectorReminderChannel"/>) with what it needs
    /// and nothing else of the host: the protocol layer, the card templates, file links (evidence on the card), the
    /// commitment card views and the stored conversation references. For a composition of Bitacora.Core's Add…Core methods that must deliver (the CLI's
    /// `reminders run --send`); the web host gets the same services from AddBitacoraHost, AddCommitments and AddReminders.
    /// </summary>
    public static IServiceCollection AddTeamsReminderChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBotFramework(configuration);
        services.TryAddSingleton(sp => CardCatalog.Load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Cards")));
        services.AddFiles(configuration); // FileLinks: the evidence links on the reminder card
        services.AddTexts(CommitmentTexts.Load);
        services.TryAddSingleton<CommitmentViews>();
        services.TryAddSingleton<ConversationReferenceStore>();
        services.AddSingleton<IReminderChannel, ConnectorReminderChannel>();
        return services;
    }
}
