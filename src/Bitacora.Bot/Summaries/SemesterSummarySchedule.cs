using Bitacora.Bot.Conversations;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Sessions.Flow;
using Hangfire;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The Hangfire entry point: one run at the current instant, holding the cluster's <see cref="ProactiveSendLock"/>
/// (shared with the reminder sweep, so the app-wide send rate is one limiter's); it waits out a running sweep.
/// </summary>
public sealed class SemesterSummaryHangfireJob(SemesterSummaryJob job, ProactiveSendLock sendLock, TeamsRateLimiter limiter,
    ReminderOptions options, TimeProvider time)
{
    [AutomaticRetry(Attempts = 3)] // safe: the outbox skips what was already sent
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var held = sendLock.TryAcquire(options.SweepBudget + TimeSpan.FromMinutes(1))
                         ?? throw new InvalidOperationException("The proactive-send lock stayed taken; Hangfire retries the summary later.");
        await job.RunAsync(time.GetUtcNow(), cancellationToken);
        await limiter.QuietAsync(cancellationToken);
    }
}

/// <summary>Registers one recurring job per configured date, at the configured time in America/Santiago.</summary>
internal sealed class SemesterSummaryJobRegistration(IRecurringJobManager jobs, SummaryOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, cron) in SummarySchedule.Crons(options))
        {
            jobs.AddOrUpdate<SemesterSummaryHangfireJob>(id, job => job.RunAsync(CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = ChileTime.Zone });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SummarySchedule
{
    /// <summary>
    /// ("semester-summary-07-31", "0 9 31 7 *") per configured date, and one more run on each of the
    /// <see cref="SummaryOptions.CommentsWaitDays"/> following days ("semester-summary-07-31+1", …): informes waiting
    /// for their comments go as soon as these are ready, and all go at the deadline. A malformed date stops the start-up.
    /// </summary>
    public static IReadOnlyList<(string Id, string Cron)> Crons(SummaryOptions options) =>
        [.. BaseCrons(options).SelectMany(c => Enumerable.Range(0, Math.Max(0, options.CommentsWaitDays) + 1).Select(d =>
        {
            var local = c.Date.AddDays(d);
            var cron = $"{c.At.Minute} {c.At.Hour} {local.Day} {local.Month} *";
            Cronos.CronExpression.Parse(cron);
            return (d == 0 ? c.Id : $"{c.Id}+{d}", cron);
        }))];

    /// <summary>
    /// The send date a run at <paramref name="now"/> belongs to (the latest configured date at or before it, this year
    /// or last) and its comments deadline; the informe's period is that date's semester, whatever day the run falls on.
    /// </summary>
    public static (DateOnly SendDate, DateTimeOffset Deadline) CurrentWindow(SummaryOptions options, DateTimeOffset now)
    {
        var candidates = BaseCrons(options)
            .SelectMany(c => new[] { now.Year, now.Year - 1 }.Select(y => Moment(new DateOnly(y, c.Date.Month, Math.Min(c.Date.Day, DateTime.DaysInMonth(y, c.Date.Month))), c.At)))
            .Where(m => m.Moment <= now)
            .ToList();
        var latest = candidates.Count == 0 ? (Date: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ChileTime.Zone).DateTime), Moment: now) : candidates.MaxBy(m => m.Moment);
        return (latest.Date, latest.Moment.AddDays(Math.Max(0, options.CommentsWaitDays)));
    }

    /// <summary>The configured send moment and comments deadline inside <paramref name="period"/>, if any.</summary>
    public static (DateTimeOffset Send, DateTimeOffset Deadline)? WindowOf(SummaryOptions options, ReportPeriod period)
    {
        var inPeriod = BaseCrons(options)
            .Select(c => Moment(new DateOnly(period.Year, c.Date.Month, Math.Min(c.Date.Day, DateTime.DaysInMonth(period.Year, c.Date.Month))), c.At))
            .Where(m => period.Contains(m.Date))
            .OrderBy(m => m.Moment)
            .ToList();
        return inPeriod.Count == 0 ? null : (inPeriod[0].Moment, inPeriod[0].Moment.AddDays(Math.Max(0, options.CommentsWaitDays)));
    }

    private static (DateOnly Date, DateTimeOffset Moment) Moment(DateOnly date, TimeOnly at)
    {
        var local = date.ToDateTime(at);
        return (date, new DateTimeOffset(local, ChileTime.Zone.GetUtcOffset(local)));
    }

    private static IReadOnlyList<(string Id, DateOnly Date, TimeOnly At)> BaseCrons(SummaryOptions options)
    {
        if (!TimeOnly.TryParseExact(options.TimeOfDay, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
        {
            throw new InvalidOperationException($"Summaries:TimeOfDay '{options.TimeOfDay}' is not HH:mm.");
        }
        return options.Dates.Select(d =>
        {
            if (!DateOnly.TryParseExact("2024-" + d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new InvalidOperationException($"Summaries:Dates '{d}' is not MM-dd.");
            }
            Cronos.CronExpression.Parse($"{at.Minute} {at.Hour} {date.Day} {date.Month} *"); // validated with the same parser family Hangfire uses
            return ("semester-summary-" + d, date, at);
        }).ToList();
    }
}
