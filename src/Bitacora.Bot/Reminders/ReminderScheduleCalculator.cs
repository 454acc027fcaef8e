using Bitacora.Bot.Commitments;
using NodaTime;
using NodaTime.TimeZones;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// The pure heart of the reminders: commitment + policy + the person's hours → the reminders and their due instants.
/// No I/O, no clock: <paramref name="notBefore"/> is passed in.
/// </summary>
public static class ReminderScheduleCalculator
{
    /// <summary>
    /// One reminder per policy offset: the accountability date plus the offset, at the policy's time of day in the
    /// person's zone, moved to the next working-time start when it falls outside working hours. Closed commitments get
    /// none; reminders already in the past at <paramref name="notBefore"/> are dropped (a late reschedule does not
    /// fire a burst of old reminders).
    /// </summary>
    public static IReadOnlyList<ScheduledReminder> Derive(Commitment commitment, ReminderPolicy policy, WorkingHours hours,
        Instant? notBefore = null)
    {
        if (!commitment.IsOpen)
        {
            return [];
        }
        if (!hours.IsValid)
        {
            hours = policy.DefaultHours;
        }
        var result = new List<ScheduledReminder>(policy.Kinds.Count);
        foreach (var kind in policy.Kinds)
        {
            var local = commitment.AccountabilityDate.PlusDays(kind.OffsetDays).At(policy.TimeOfDay);
            var due = NextWorkingInstant(ResolveLocal(local, hours.Zone), hours);
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
    public static Instant NextWorkingInstant(Instant instant, WorkingHours hours)
    {
        var local = instant.InZone(hours.Zone).LocalDateTime;
        var date = local.Date;
        if (hours.Days.Contains(date.DayOfWeek))
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
        for (var i = 1; i <= 7; i++)
        {
            var next = date.PlusDays(i);
            if (hours.Days.Contains(next.DayOfWeek))
            {
                return ResolveLocal(next.At(hours.Start), hours.Zone);
            }
        }
        throw new InvalidOperationException("Working hours without working days.");
    }
}
