using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Bitacora.Bot.Calendar;

/// <summary>From the registry's unit (commune, territory "16-1" → region "16"), cached; unknown units are nationwide.</summary>
public sealed class RegistryHolidayPlaces(UnitStore units, IMemoryCache cache) : IHolidayPlaceLookup
{
    public async ValueTask<HolidayPlace> GetAsync(string unitId, CancellationToken cancellationToken)
    {
        var key = "holidays:place:" + unitId;
        if (cache.TryGetValue(key, out HolidayPlace? known) && known is not null)
        {
            return known;
        }
        var place = HolidayPlace.Nationwide;
        if (UnitCode.TryParse(unitId, out var code))
        {
            try
            {
                if (await units.GetAsync(code, cancellationToken) is { } unit)
                {
                    place = new HolidayPlace(unit.TerritoryId.Split('-')[0], unit.Commune);
                }
            }
            catch (Azure.RequestFailedException)
            {
                return place; // national holidays still apply; try again next time
            }
        }
        cache.Set(key, place, TimeSpan.FromHours(1));
        return place;
    }
}
