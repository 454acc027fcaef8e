using Bitacora.Bot.Commitments;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// A person's time zone and working hours from Microsoft Graph (<c>GET users/{id}/mailboxSettings</c>, needs
/// MailboxSettings.Read application permission), cached (12 h by default). Anything missing, unmappable or failing
/// falls back to the configured defaults, so reminders never depend on Graph being up.
/// Graph returns either IANA or Windows zone ids ("Pacific SA Standard Time"); Windows ids are mapped with the CLDR
/// table bundled in NodaTime. Working hours are read in workingHours.timeZone when present (that is the zone Outlook
/// defines them in), else in the mailbox time zone.
/// </summary>
public sealed class GraphWorkingHoursProvider(
    GraphServiceClient graph,
    IMemoryCache cache,
    ReminderPolicy policy,
    ReminderOptions options,
    ILogger<GraphWorkingHoursProvider>? logger = null) : IWorkingHoursProvider
{
    private readonly ILogger _log = logger ?? NullLogger<GraphWorkingHoursProvider>.Instance;

    public async ValueTask<WorkingHours> GetAsync(PersonRef person, CancellationToken cancellationToken)
    {
        var userId = person.AadObjectId;
        if (string.IsNullOrWhiteSpace(userId))
        {
            return policy.DefaultHours;
        }
        var key = "reminders:workinghours:" + userId;
        if (cache.TryGetValue(key, out WorkingHours? cached) && cached is not null)
        {
            return cached;
        }
        WorkingHours hours;
        var duration = options.Graph.CacheDuration;
        try
        {
            // Only the two fields used: the full object also carries userPurpose, which the docs show as an object
            // ({"value":"user"}) while this SDK reads an enum string — a full read could fail on it.
            var settings = await graph.Users[userId].MailboxSettings.GetAsync(
                r => r.QueryParameters.Select = ["timeZone", "workingHours"], cancellationToken);
            hours = Map(settings, policy.DefaultHours);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Graph mailboxSettings unavailable for {UserId}; using the default working hours.", userId);
            hours = policy.DefaultHours;
            duration = TimeSpan.FromMinutes(10); // try again soon, but not on every reminder
        }
        cache.Set(key, hours, duration);
        return hours;
    }

    /// <summary>Graph's mailbox settings → <see cref="WorkingHours"/>, field by field over <paramref name="defaults"/>.</summary>
    public static WorkingHours Map(MailboxSettings? settings, WorkingHours defaults)
    {
        if (settings is null)
        {
            return defaults;
        }
        var mailboxZone = TimeZoneIds.Resolve(settings.TimeZone);
        var hoursZone = TimeZoneIds.Resolve(settings.WorkingHours?.TimeZone?.Name);
        var zone = hoursZone ?? mailboxZone ?? defaults.Zone;
        var wh = settings.WorkingHours;
        var days = wh?.DaysOfWeek?.Where(d => d is not null).Select(d => ToIso(d!.Value)).ToHashSet();
        var start = wh?.StartTime is { } s ? new LocalTime(s.Hour, s.Minute, s.Second) : defaults.Start;
        var end = wh?.EndTime is { } e ? new LocalTime(e.Hour, e.Minute, e.Second) : defaults.End;
        var mapped = new WorkingHours(zone, days is { Count: > 0 } ? days : defaults.Days, start, end);
        return mapped.IsValid ? mapped : defaults with { Zone = zone };
    }

    private static IsoDayOfWeek ToIso(DayOfWeekObject day) => day switch
    {
        DayOfWeekObject.Monday => IsoDayOfWeek.Monday,
        DayOfWeekObject.Tuesday => IsoDayOfWeek.Tuesday,
        DayOfWeekObject.Wednesday => IsoDayOfWeek.Wednesday,
        DayOfWeekObject.Thursday => IsoDayOfWeek.Thursday,
        DayOfWeekObject.Friday => IsoDayOfWeek.Friday,
        DayOfWeekObject.Saturday => IsoDayOfWeek.Saturday,
        _ => IsoDayOfWeek.Sunday,
    };
}
