using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook;

public static class LogbookServiceCollectionExtensions
{
    /// <summary>
    /// The period logbook (JUNJI bitácora): storage, the record starter the meeting flow uses for logbook guides, the
    /// «bitácora», «bitácora evaluación» and «bitácora descargar» commands, the logbook.* card actions, the documents.
    /// Needs AddRegistry, AddGuides, AddSessions, AddMeetingFlow and AddFiles (documents reach Teams through IFileDelivery).
    /// </summary>
    public static IServiceCollection AddLogbook(this IServiceCollection services)
    {
        services.AddLogbookCore();
        services.AddSingleton<LogbookSteps>();
        services.AddSingleton<LogbookCards>();
        services.AddSingleton<SessionDownload>();
        services.AddBotCommand<SessionDownloadCommand>();
        services.AddSingleton<ICardAction, SessionDownloadAction>();
        services.AddSingleton<LogbookFlow>();
        services.AddSingleton<ILogbookRecordStarter>(sp => sp.GetRequiredService<LogbookFlow>());
        services.AddSingleton<LogbookCommandTarget>();
        foreach (var kind in Enum.GetValues<LogbookCommandKind>())
        {
            services.AddBotCommand(LogbookCommand.NamesOf(kind), sp => ActivatorUtilities.CreateInstance<LogbookCommand>(sp, kind));
        }
        foreach (var (verb, handle) in LogbookCardAction.All)
        {
            services.AddSingleton<ICardAction>(sp => new LogbookCardAction(verb, handle, sp.GetRequiredService<LogbookFlow>()));
        }
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<LogbookTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains([LogbookCards.LogbookTemplate, LogbookCards.RecordTemplate]);
        });
        return services;
    }
}
