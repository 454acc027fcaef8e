using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>
    /// The one <see cref="TeamsRateLimiter"/> of the process, shared by every proactive sender (reminders, notices,
    /// summaries), configured at <see cref="RateLimitOptions.SectionName"/>. Needs a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddTeamsRateLimiter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TeamsRateLimiter(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
