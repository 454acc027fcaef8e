using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Attendance;

public static class AttendanceCoreServices
{
    /// <summary>Who was present, without Teams: texts, the attendance rows and their cache. Needs AddTableStorage.</summary>
    public static IServiceCollection AddAttendanceCore(this IServiceCollection services)
    {
        services.AddTexts(AttendanceTexts.Load);
        services.AddSingleton<AttendanceStore>();
        services.AddSingleton<AttendanceCache>();
        return services;
    }
}
