using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Attendance;

public static class AttendanceServiceCollectionExtensions
{
    /// <summary>
    /// Attendance of sessions (README.md here): the «presentes» command, the attendance.open / attendance.save card
    /// actions, the attendance inputs of the start card (replacing the meeting flow's <see cref="ISessionAttendance"/>),
    /// the Teams meeting events middleware, table SessionAttendance and Content/Texts/attendance.es-CL.json (checked at
    /// start-up). Needs AddBitacoraHost, AddSessions and AddMeetingFlow.
    /// </summary>
    public static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        services.AddAttendanceCore();
        services.AddSingleton<ConversationRoster>();
        services.AddSingleton<AttendanceCards>();
        services.AddSingleton<AttendanceService>();
        // The meeting flow's NoSessionAttendance is a TryAdd: this registration wins whichever Add… runs first.
        services.AddSingleton<ISessionAttendance>(sp => sp.GetRequiredService<AttendanceService>());
        services.AddBotCommand<AttendanceCommand>();
        foreach (var verb in new[] { AttendanceCardAction.Open, AttendanceCardAction.Save })
        {
            services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<AttendanceCardAction>(sp, verb));
        }
        services.AddSingleton<ITurnMiddleware, MeetingEventsMiddleware>();
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<AttendanceTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains([AttendanceCards.Template]);
        });
        return services;
    }
}
