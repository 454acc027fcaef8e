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

    public string? PostgreSqlConnectionString { get; set; }
    public RateLimitOptions RateLimits { get; set; } = new();
    public DashboardOptions Dashboard { get; set; } = new();
    public GraphWorkingHoursOptions Graph { get; set; } = new();
}

/// <summary>Teams limits for proactive messages (per conversation and per app).</summary>
public sealed class RateLimitOptions
{
    public int PerConversationPerSecond { get; set; } = 7;
    public int PerConversationPer30Seconds { get; set; } = 60;
    public int AppPerSecond { get; set; } = 30;
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
