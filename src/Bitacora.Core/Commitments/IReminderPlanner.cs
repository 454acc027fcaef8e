using Bitacora.Bot.Calendar;
using NodaTime;

namespace Bitacora.Bot.Commitments;

/// <summary>
/// What a commitment needs from reminders, owned here and implemented by Reminders/ (ReminderPlanner, registered by
/// AddReminders): the reminders a commitment promises, the due index kept in step with them, and the working days
/// and zone its dates are told in. Commitments never name the Reminders folder.
/// </summary>
public interface IReminderPlanner
{
    /// <summary>The zone dates and reminder times are shown in (Reminders:TimeZone, America/Santiago by default).</summary>
    DateTimeZone Zone { get; }

    /// <summary>The reminders an open commitment promises from <paramref name="notBefore"/> on; none for a closed one.</summary>
    Task<IReadOnlyList<ScheduledReminder>> PlanAsync(Commitment commitment, Instant notBefore, CancellationToken ct);

    /// <summary>The working days of the commitment's responsible at its unit's place (holidays included).</summary>
    Task<WorkingCalendar> CalendarAsync(Commitment commitment, CancellationToken ct);

    /// <summary>
    /// Before the commitment is written: index rows for reminders it will promise. If the commitment write then fails
    /// (conflict, crash) the rows are orphans the sweep skips, because the stored commitment does not list them.
    /// </summary>
    Task IndexNewAsync(Commitment? before, Commitment after, CancellationToken ct);

    /// <summary>After the commitment is written: drop rows it no longer promises (best effort; stale rows are skipped anyway).</summary>
    Task UnindexOldAsync(Commitment? before, Commitment after, CancellationToken ct);
}
