using Bitacora.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// Chilean holidays (national + regional) from Content/Calendar/feriados-cl.json (weekends only if the file is
    /// missing) and the place of a unit for its regional holidays (<see cref="RegistryHolidayPlaces"/>: needs AddRegistry).
    /// </summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.TryAddSingleton(sp =>
        {
            var path = Path.Combine(sp.GetRequiredService<IOptions<ContentOptions>>().Value.Path, "Calendar", HolidayCalendar.FileName);
            return File.Exists(path) ? HolidayCalendar.Load(path) : HolidayCalendar.None;
        });
        services.TryAddSingleton<IHolidayPlaceLookup, RegistryHolidayPlaces>();
        return services;
    }
}
