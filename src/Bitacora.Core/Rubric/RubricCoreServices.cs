namespace Bitacora.Bot.Rubric;

public static class RubricCoreServices
{
    /// <summary>Rubric score storage; needs <c>AddTableStorage</c>, <c>AddSessions</c> (for its options) and a TimeProvider.</summary>
    public static IServiceCollection AddRubricScores(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Sessions.SessionOptions>().Bind(configuration.GetSection(Sessions.SessionOptions.SectionName));
        services.AddSingleton<RubricScoreRepository>();
        return services;
    }
}
