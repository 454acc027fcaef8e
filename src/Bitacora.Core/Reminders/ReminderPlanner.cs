using Bitacora.Bot.Calendar;
using Bitacora.Bot.Commitments;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// Commitments' <see cref="IReminderPlanner"/>: derives a commitment's reminders with the person's working hours and
/// keeps the due index in step.
/// </summary>
public sealed class ReminderPlanner(ReminderPolicy policy, IWorkingHoursProvider workingHours, ReminderDueIndex dueIndex,
    HolidayCalendar? holidays = null, IHolidayPlaceLookup? places = null) : IReminderPlanner
{
    public ReminderPolicy Policy => policy;

    public HolidayCalendar Holidays => holidays ?? HolidayCalendar.None;

    public DateTimeZone Zone => policy.DefaultHours.Zone;

    public Task<WorkingCalendar> CalendarAsync(Commitment commitment, CancellationToken ct) => CalendarAsync(commitment, null, ct);

    /// <summary>The working days of the commitment's responsible at its unit's place.</summary>
    public async Task<WorkingCalendar> CalendarAsync(Commitment commitment, WorkingHours? hours, CancellationToken ct)
    {
        hours ??= await workingHours.GetAsync(commitment.Responsible, ct);
        var place = places is null ? HolidayPlace.Nationwide : await places.GetAsync(commitment.Unit, ct);
        return new WorkingCalendar((hours.IsValid ? hours : policy.DefaultHours).Days, Holidays, place);
    }

    public async Task<IReadOnlyList<ScheduledReminder>> PlanAsync(Commitment commitment, Instant notBefore, CancellationToken ct)
    {
        if (!commitment.IsOpen)
        {
            return [];
        }
        var hours = await workingHours.GetAsync(commitment.Responsible, ct);
        return ReminderScheduleCalculator.Derive(commitment, policy, hours, notBefore, await CalendarAsync(commitment, hours, ct));
    }

    public Task IndexNewAsync(Commitment? before, Commitment after, CancellationToken ct) =>
        dueIndex.AddAsync(after.Unit, after.Id,
            after.Reminders.Except(before?.Reminders ?? []), ct);

    public Task UnindexOldAsync(Commitment? before, Commitment after, CancellationToken ct) =>
        before is null ? Task.CompletedTask : dueIndex.RemoveAsync(after.Unit, after.Id, before.Reminders.Except(after.Reminders), ct);
}
