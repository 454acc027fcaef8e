using Bitacora.Bot.Hosting;
using Bitacora.Bot.Logbook.Document;

namespace Bitacora.Bot.Logbook;

public static class LogbookCoreServices
{
    /// <summary>
    /// The period logbook without Teams: texts, storage, the logbook service and the Word documents (logbook, session
    /// record). Needs AddRegistryCore, AddGuides and AddSessions.
    /// </summary>
    public static IServiceCollection AddLogbookCore(this IServiceCollection services)
    {
        services.AddTexts(LogbookTexts.Load);
        services.AddSingleton<LogbookStore>();
        services.AddSingleton<RegistryFields>();
        services.AddSingleton<LogbookService>();
        services.AddSingleton<LogbookDocument>();
        services.AddSingleton<SessionDocument>();
        services.AddSingleton<SessionRecordFile>();
        return services;
    }
}
