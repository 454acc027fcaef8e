using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Commitments.ForceMajeure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Commitments;

public static class CommitmentsServiceCollectionExtensions
{
    /// <summary>
    /// Commitments: their store and service (<see cref="CommitmentsCoreServices.AddCommitmentsCore"/>), the Teams side (AddCommitmentChat) and force majeure (AddForceMajeure).
    /// Needs AddTableStorage, AddBitacoraHost (protocol layer, texts, cards, rate limiter), AddRegistry, and an
    /// <see cref="IReminderPlanner"/> (AddReminders registers it).
    /// </summary>
    public static IServiceCollection AddCommitments(this IServiceCollection services)
    {
        services.AddCommitmentsCore();
        services.AddCommitmentChat();
        services.AddForceMajeure();
        return services;
    }
}
