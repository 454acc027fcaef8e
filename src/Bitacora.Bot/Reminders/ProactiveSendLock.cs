using Hangfire;
using Hangfire.Storage;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// One bulk proactive sender in the whole cluster at a time: the reminder sweep and the semester summary take this
/// Hangfire distributed lock (a row in PostgreSQL with several instances; process-local with InMemory). Because only
/// the holder sends, its in-process <see cref="TeamsRateLimiter"/> is the cluster's limiter, and the app-wide rate
/// stays at <see cref="RateLimitOptions.AppPerSecond"/> however many instances run. Exactly-once does not depend on
/// it (the outboxes' ETag claims do that); the rate does.
/// <para>
/// Hangfire.PostgreSql locks are not renewed: a holder that dies keeps the lock until
/// <see cref="SchedulerOptions.DistributedLockTimeout"/>, and a live holder must finish before then
/// (<see cref="ReminderOptions.SweepBudget"/>).
/// </para>
/// </summary>
public sealed class ProactiveSendLock(JobStorage storage)
{
    public const string Resource = "bitacora:proactive-sends";

    /// <summary>The lock, held until disposed; null when someone else held it for all of <paramref name="wait"/>.</summary>
    public IDisposable? TryAcquire(TimeSpan wait)
    {
        var connection = storage.GetConnection();
        try
        {
            return new Held(connection, connection.AcquireDistributedLock(Resource, wait));
        }
        catch (DistributedLockTimeoutException)
        {
            connection.Dispose();
            return null;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(IStorageConnection connection, IDisposable handle) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                handle.Dispose();
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
