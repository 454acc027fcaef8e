namespace Bitacora.Bot.Sessions;

public static class SessionServiceCollectionExtensions
{
    /// <summary>
    /// Session and answer repositories (a Teams retry is dropped by the host's DuplicateActivityMiddleware) (singletons; they hold no per-request state). Needs
    /// <c>AddTableStorage</c> and a <see cref="TimeProvider"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionOptions.SectionName))
            .Validate(o => o.MaxWriteAttempts >= 1, "Sessions:MaxWriteAttempts must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<AnswerRepository>();
        return services;
    }
}
