using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Commitments;

public static class CommitmentsCoreServices
{
    /// <summary>
    /// Commitments without Teams: their store and service, and the commitments sessions show. Needs AddTableStorage, AddRegistryCore and an
    /// <see cref="IReminderPlanner"/> (AddRemindersCore registers it).
    /// </summary>
    public static IServiceCollection AddCommitmentsCore(this IServiceCollection services)
    {
        services.TryAddSingleton<CommitmentStore>();
        services.TryAddSingleton<CommitmentService>();
        // The session cards' and documents' commitments. The meeting flow's NoSessionCommitments is a TryAdd: this
        // registration wins whichever Add… runs first.
        services.AddSingleton<Sessions.Flow.ISessionCommitmentsSource, Chat.SessionCommitmentsSource>();
        return services;
    }
}
