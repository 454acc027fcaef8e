using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Commitments;

public static class CommitmentsCoreServices
{
    /// <summary>
    /// Commitments without Teams: their store and service. Needs AddTableStorage, AddRegistryCore and an
    /// <see cref="IReminderPlanner"/> (AddRemindersCore registers it).
    /// </summary>
    public static IServiceCollection AddCommitmentsCore(this IServiceCollection services)
    {
        services.TryAddSingleton<CommitmentStore>();
        services.TryAddSingleton<CommitmentService>();
        return services;
    }
}
