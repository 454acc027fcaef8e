using System.Globalization;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>Dates and times as people in Chile read them: America/Santiago, es-CL, whatever the server's zone.</summary>
public sealed class ChileTime(TimeProvider time)
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("es-CL");

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    /// <summary>"04-05-2026 09:00".</summary>
    public static string Moment(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"lunes 4 de mayo de 2026".</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd d 'de' MMMM 'de' yyyy", Culture);

    public static string ShortDate(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}
