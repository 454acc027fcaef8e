using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Calendar;

/// <summary>Where a commitment's unit is, for regional holidays: region code ("16") and commune ("Chillán").</summary>
public sealed record HolidayPlace(string? Region, string? Commune)
{
    public static HolidayPlace Nationwide { get; } = new(null, null);
}

/// <summary>
/// Chilean holidays from Content/Calendar/feriados-cl.json: national dates year by year (moved holidays and election
/// days included), regional ones by month-day for a region or a list of communes. The PublicHoliday package has no
/// Chile, so the data lives here and is reviewed yearly; <see cref="Years"/> says which years are covered.
/// </summary>
public sealed class HolidayCalendar
{
    public const string FileName = "feriados-cl.json";

    private readonly Dictionary<LocalDate, string> _national;
    private readonly IReadOnlyList<Regional> _regional;

    private HolidayCalendar(Dictionary<LocalDate, string> national, IReadOnlyList<Regional> regional, IReadOnlySet<int> years)
    {
        _national = national;
        _regional = regional;
        Years = years;
    }

    /// <summary>No holidays at all (weekends only): for callers without the data file.</summary>
    public static HolidayCalendar None { get; } = new([], [], new HashSet<int>());

    public IReadOnlySet<int> Years { get; }

    private sealed record Regional(int Month, int Day, string Name, IReadOnlySet<string> Regions, IReadOnlySet<string> Communes);

    /// <summary>The holiday's name on <paramref name="date"/> at <paramref name="place"/>, or null on an ordinary day.</summary>
    public string? NameOf(LocalDate date, HolidayPlace? place = null)
    {
        if (_national.TryGetValue(date, out var name))
        {
            return name;
        }
        if (place is null || (place.Region is null && place.Commune is null))
        {
            return null;
        }
        return _regional.FirstOrDefault(r => r.Month == date.Month && r.Day == date.Day
                                              && ((place.Region is { } region && r.Regions.Contains(region))
                                                  || (place.Commune is { } commune && r.Communes.Contains(commune))))?.Name;
    }

    public bool IsHoliday(LocalDate date, HolidayPlace? place = null) => NameOf(date, place) is not null;

    public static HolidayCalendar Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var national = new Dictionary<LocalDate, string>();
        foreach (var e in root.GetProperty("national").EnumerateArray())
        {
            var text = e.GetProperty("date").GetString()!;
            var parsed = LocalDatePattern.Iso.Parse(text);
            if (!parsed.Success)
            {
                throw new InvalidDataException($"{FileName}: '{text}' is not a yyyy-MM-dd date.");
            }
            national[parsed.Value] = e.GetProperty("name").GetString()!;
        }
        var regional = new List<Regional>();
        foreach (var e in root.GetProperty("regional").EnumerateArray())
        {
            var md = e.GetProperty("monthDay").GetString()!.Split('-');
            regional.Add(new Regional(int.Parse(md[0], CultureInfo.InvariantCulture), int.Parse(md[1], CultureInfo.InvariantCulture),
                e.GetProperty("name").GetString()!, Strings(e, "regions"), Strings(e, "communes")));
        }
        var years = root.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToHashSet();
        var outside = national.Keys.FirstOrDefault(d => !years.Contains(d.Year));
        if (national.Count > 0 && outside != default)
        {
            throw new InvalidDataException($"{FileName}: {outside:yyyy-MM-dd} is outside the covered years.");
        }
        return new HolidayCalendar(national, regional, years);
    }

    private static IReadOnlySet<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var array)
            ? array.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>();
}

/// <summary>
/// Working days as people count them: the person's working weekdays minus the holidays of the unit's place. The
/// reminder offsets are counted in these days.
/// </summary>
public sealed class WorkingCalendar(IReadOnlySet<IsoDayOfWeek> days, HolidayCalendar holidays, HolidayPlace? place = null)
{
    private const int MaxScan = 60;

    public HolidayCalendar Holidays => holidays;

    public bool IsWorkingDay(LocalDate date) => days.Contains(date.DayOfWeek) && !holidays.IsHoliday(date, place);

    /// <summary>
    /// The day a reminder of <paramref name="offset"/> working days is sent: before (&lt; 0) the n-th working day
    /// before the date; on the day (0) the date itself, or the last working day before it when it is not one (a
    /// Sunday date is announced on Friday, not on Monday together with «venció»); after (&gt; 0) the n-th working day after.
    /// </summary>
    public LocalDate ReminderDate(LocalDate date, int offset)
    {
        if (offset == 0)
        {
            return IsWorkingDay(date) ? date : Step(date, -1, 1);
        }
        return Step(date, Math.Sign(offset), Math.Abs(offset));
    }

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]: how many working days are left.</summary>
    public int WorkingDaysAfter(LocalDate from, LocalDate to)
    {
        var n = 0;
        for (var d = from.PlusDays(1); d <= to && n < 400; d = d.PlusDays(1))
        {
            if (IsWorkingDay(d))
            {
                n++;
            }
        }
        return n;
    }

    private LocalDate Step(LocalDate date, int direction, int count)
    {
        var d = date;
        for (int found = 0, scanned = 0; found < count; scanned++)
        {
            if (scanned > MaxScan * count)
            {
                throw new InvalidOperationException("No working day found near " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            d = d.PlusDays(direction);
            if (IsWorkingDay(d))
            {
                found++;
            }
        }
        return d;
    }
}

/// <summary>The place (region, commune) of a unit, for its regional holidays.</summary>
public interface IHolidayPlaceLookup
{
    ValueTask<HolidayPlace> GetAsync(string unitId, CancellationToken cancellationToken);
}
