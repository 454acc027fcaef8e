using Bitacora.Bot.Conversations;

namespace Bitacora.Bot.Reminders;

/// <summary>The "Reminders" configuration section. Times are "HH:mm" local to the person; days are English names.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>Days relative to the accountability date; default -3, 0, +1, +7 (the positive ones only while open).</summary>
    public int[]? OffsetDays { get; set; }

    public string TimeOfDay { get; set; } = "09:00";
    public string TimeZone { get; set; } = "America/Santiago";
    public string[]? WorkingDays { get; set; }
    public string WorkingHoursStart { get; set; } = "08:30";
    public string WorkingHoursEnd { get; set; } = "17:30";

    /// <summary>Hangfire cron of the sweep (UTC).</summary>
    public string SweepCron { get; set; } = "*/5 * * * *";

    /// <summary>Attempts per reminder before it is recorded as finally failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a sweep owns an outbox row it is sending; a row still "Sending" after this is recovered.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the first sweep (no checkpoint yet) starts looking back from.</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Retry-After values up to this are waited for inside the sweep; longer ones re-queue the reminder.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A sweep stops claiming reminders after this long; the rest stay in the due index for the next sweep (the
    /// checkpoint is held at their bucket). Keep it below <see cref="SchedulerOptions.DistributedLockTimeout"/>:
    /// Hangfire.PostgreSql never renews a lock, so a sweep outliving it could run beside a second one.
    /// </summary>
    public TimeSpan SweepBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Reminders one sweep holds claimed at the same time — being sent, or waiting for the other reminders of their
    /// claim group to be recorded. The rate limiter stays the only brake; this only keeps storage and connector
    /// latency from being the bottleneck. A process that dies mid-sweep can leave up to this many «Posible reenvío»
    /// copies, and a second of sends at the connector can reach RateLimits:AppPerSecond + this (keep the sum ≤ 50,
    /// Teams' per-app limit). Measured choice: bench/README-reminders.md.
    /// </summary>
    public int SweepConcurrency { get; set; } = 16;

    /// <summary>
    /// Reminders due in the same hour are claimed, and their outcomes recorded, this many to an entity-group
    /// transaction (at most 100, and at most <see cref="SweepConcurrency"/>): fewer storage requests per reminder,
    /// but a reminder's outcome waits for the slowest send of its group.
    /// </summary>
    public int ClaimBatch { get; set; } = 8;

    public string? PostgreSqlConnectionString { get; set; }
    public SchedulerOptions Scheduler { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public DashboardOptions Dashboard { get; set; } = new();
    public GraphWorkingHoursOptions Graph { get; set; } = new();
}

/// <summary>
/// Hangfire's storage settings ("Reminders:Scheduler"), used with PostgreSQL (several instances); InMemory ignores them.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// How long a distributed lock outlives a holder that died (Hangfire.PostgreSql locks carry no heartbeat): after a
    /// crash mid-sweep, the next sweep on another instance starts at most this late. Must exceed
    /// <see cref="ReminderOptions.SweepBudget"/>.
    /// </summary>
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a sweep waits for the proactive-send lock before leaving the turn to whoever holds it.</summary>
    public TimeSpan SweepLockWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Job queue polling when LISTEN/NOTIFY is off or missed a notification.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Workers wake on PostgreSQL NOTIFY when a job is enqueued (a triggered job starts at once).</summary>
    public bool LongPolling { get; set; } = true;
}

public sealed class DashboardOptions
{
    /// <summary>Outside Development the dashboard answers only local requests unless this is true.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>When remote access is allowed, the authenticated user must be in this role (if set).</summary>
    public string? Role { get; set; }
}

public sealed class GraphWorkingHoursOptions
{
    /// <summary>Use Microsoft Graph mailboxSettings when a GraphServiceClient is registered.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(12);
}
