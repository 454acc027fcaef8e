using Microsoft.Extensions.Options;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>The "Reminders" section, checked when the host starts; each failure names its key.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions o)
    {
        var errors = new List<string>();
        foreach (var day in o.WorkingDays ?? [])
        {
            if (!Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out var parsed) || parsed == IsoDayOfWeek.None || int.TryParse(day, out _))
            {
                errors.Add($"Reminders:WorkingDays '{day}' is not a day name (Monday … Sunday).");
            }
        }
        if (errors.Count == 0)
        {
            try
            {
                ReminderPolicy.From(o); // time zone, HH:mm times, working hours (messages name the key)
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }
        if (!Cronos.CronExpression.TryParse(o.SweepCron, out _))
        {
            errors.Add($"Reminders:SweepCron '{o.SweepCron}' is not a cron expression.");
        }
        if (o.MaxAttempts < 1) errors.Add("Reminders:MaxAttempts must be at least 1.");
        if (o.SweepConcurrency < 1) errors.Add("Reminders:SweepConcurrency must be at least 1.");
        if (o.ClaimBatch is < 1 or > ReminderOutbox.MaxBatch) errors.Add($"Reminders:ClaimBatch must be between 1 and {ReminderOutbox.MaxBatch}.");
        if (o.SendLease <= TimeSpan.Zero) errors.Add("Reminders:SendLease must be positive.");
        if (o.InitialLookback < TimeSpan.Zero) errors.Add("Reminders:InitialLookback must not be negative.");
        if (o.MaxInlineRetryAfter < TimeSpan.Zero) errors.Add("Reminders:MaxInlineRetryAfter must not be negative.");
        if (o.SweepBudget <= TimeSpan.Zero || o.SweepBudget >= o.Scheduler.DistributedLockTimeout)
        {
            errors.Add("Reminders:SweepBudget must be positive and below Reminders:Scheduler:DistributedLockTimeout (PostgreSQL locks are not renewed).");
        }
        if (o.Scheduler.SweepLockWait < TimeSpan.Zero) errors.Add("Reminders:Scheduler:SweepLockWait must not be negative.");
        if (o.Scheduler.QueuePollInterval <= TimeSpan.Zero) errors.Add("Reminders:Scheduler:QueuePollInterval must be positive.");
        if (o.RateLimits.PerConversationPerSecond < 1) errors.Add("Reminders:RateLimits:PerConversationPerSecond must be at least 1.");
        if (o.RateLimits.PerConversationPer30Seconds < 1) errors.Add("Reminders:RateLimits:PerConversationPer30Seconds must be at least 1.");
        if (o.RateLimits.AppPerSecond < 1) errors.Add("Reminders:RateLimits:AppPerSecond must be at least 1.");
        if (o.Graph.CacheDuration < TimeSpan.Zero) errors.Add("Reminders:Graph:CacheDuration must not be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
