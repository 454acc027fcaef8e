using Bitacora.Bot.Commitments;
using NodaTime;
using NodaTime.TimeZones;

using Bitacora.Bot.Calendar;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// The pure heart of the reminders: commitment + policy + the person's hours → the reminders and their due instants.
/// No I/O, no clock: <paramref name="notBefore"/> is passed in.
/// </summary>
public static class ReminderScheduleCalculator
{
    /// <summary>
    /// One reminder per policy offset, counted in working days (the person's working weekdays minus the holidays of
    /// <paramref name="calendar"/>; see <see cref="WorkingCalendar.ReminderDate"/>), at the policy's time of day in the
    /// person's zone, moved to the next working-time start when it falls outside working hours. Two offsets landing on
    /// the same day (the day-of reminder of a Sunday date and the one-day-before) send only the later phase. Closed
    /// commitments get none; reminders already in the past at <paramref name="notBefore"/> are dropped (a late
    /// reschedule does not fire a burst of old reminders).
    /// </summary>
    public static IReadOnlyList<ScheduledReminder> Derive(Commitment commitment, ReminderPolicy policy, WorkingHours hours,
        Instant? notBefore = null, WorkingCalendar? calendar = null)
    {
        if (!commitment.IsOpen)
        {
            return [];
        }
        if (!hours.IsValid)
        {
            hours = policy.DefaultHours;
        }
        calendar ??= new WorkingCalendar(hours.Days, HolidayCalendar.None);
        var byDate = new Dictionary<LocalDate, ReminderKind>();
        foreach (var kind in policy.Kinds)
        {
            var date = calendar.ReminderDate(commitment.AccountabilityDate, kind.OffsetDays);
            if (!byDate.TryGetValue(date, out var other) || other.OffsetDays < kind.OffsetDays)
            {
                byDate[date] = kind;
            }
        }
        var result = new List<ScheduledReminder>(byDate.Count);
        foreach (var (date, kind) in byDate.OrderBy(p => p.Key))
        {
            var due = NextWorkingInstant(ResolveLocal(date.At(policy.TimeOfDay), hours.Zone), hours, calendar);
            if (notBefore is { } floor && due < floor)
            {
                continue;
            }
            result.Add(new ScheduledReminder(kind, due));
        }
        return result;
    }

    /// <summary>
    /// A local time in a zone, made unambiguous the same way everywhere: a time skipped by a spring-forward (Chile,
    /// first Sunday of September: 00:00 → 01:00) is shifted forward by the length of the gap (00:30 → 01:30); a time
    /// repeated by a fall-back (first Sunday of April: 00:00 → 23:00 of Saturday) takes its earlier occurrence.
    /// </summary>
    public static Instant ResolveLocal(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();

    /// <summary><paramref name="instant"/> if it is inside working hours, otherwise the start of the next working window.</summary>
    public static Instant NextWorkingInstant(Instant instant, WorkingHours hours, WorkingCalendar? calendar = null)
    {
        calendar ??= new WorkingCalendar(hours.Days, HolidayCalendar.None);
        var local = instant.InZone(hours.Zone).LocalDateTime;
        var date = local.Date;
        if (calendar.IsWorkingDay(date))
        {
            if (local.TimeOfDay >= hours.Start && local.TimeOfDay < hours.End)
            {
                return instant;
            }
            if (local.TimeOfDay < hours.Start)
            {
                return ResolveLocal(date.At(hours.Start), hours.Zone);
            }
        }
        for (var i = 1; i <= 60; i++)
        {
            var next = date.PlusDays(i);
            if (calendar.IsWorkingDay(next))
            {
                return ResolveLocal(next.At(hours.Start), hours.Zone);
            }
        }
        throw new InvalidOperationException("Working hours without working days.");
    }
}
