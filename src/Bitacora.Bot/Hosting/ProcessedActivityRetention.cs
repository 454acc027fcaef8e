using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Hangfire;

namespace Bitacora.Bot.Hosting;

/// <summary>The "Retention" configuration section: how long bookkeeping rows are kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Days a ProcessedActivities claim is kept (Teams redelivers within minutes; 2 days is generous).</summary>
    public int ProcessedActivitiesDays { get; set; } = 2;

    /// <summary>How many days before the cut-off each run looks at (catches up after the job was off that long).</summary>
    public int LookbackDays { get; set; } = 14;

    /// <summary>Hangfire cron (UTC) of the sweep.</summary>
    public string Cron { get; set; } = "23 3 * * *";
}

/// <summary>
/// Deletes ProcessedActivities claims of days older than <see cref="RetentionOptions.ProcessedActivitiesDays"/>: for
/// each such day, one PartitionKey range query ("yyyyMMdd|" … "yyyyMMdd}") reading keys only, then batched deletes
/// per partition (≤ 100 a transaction). No table scan; the table holds at most (retention + 1) days of claims.
/// </summary>
public sealed class ProcessedActivityRetention(TableClientProvider tables, Microsoft.Extensions.Options.IOptions<RetentionOptions> options,
    TimeProvider time, ILogger<ProcessedActivityRetention> logger)
{
    public const string JobId = "processed-activities-retention";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var table = await tables.GetAsync(DuplicateActivityMiddleware.TableName, ct);
        var newestExpired = time.GetUtcNow().UtcDateTime.Date.AddDays(-o.ProcessedActivitiesDays - 1);
        var deleted = 0;
        for (var day = newestExpired.AddDays(-o.LookbackDays); day <= newestExpired; day = day.AddDays(1))
        {
            deleted += await DeleteDayAsync(table, new DateTimeOffset(day, TimeSpan.Zero), ct);
        }
        logger.LogInformation("Retention: deleted {Count} processed-activity claim(s) up to {Day:yyyy-MM-dd}", deleted, newestExpired);
        return deleted;
    }

    private static async Task<int> DeleteDayAsync(TableClient table, DateTimeOffset day, CancellationToken ct)
    {
        var prefix = DuplicateActivityMiddleware.DayPrefix(day);
        var upper = prefix[..^1] + "}"; // '}' sorts right after '|'
        var keys = new List<(string Pk, string Rk)>();
        await foreach (var row in table.QueryAsync<TableEntity>(
                           $"PartitionKey ge '{prefix}' and PartitionKey lt '{upper}'",
                           select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            keys.Add((row.PartitionKey, row.RowKey));
        }
        foreach (var partition in keys.GroupBy(k => k.Pk))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Pk, k.Rk))),
                    ct);
            }
        }
        return keys.Count;
    }
}

/// <summary>Registers <see cref="ProcessedActivityRetention"/> as a Hangfire recurring job (UTC).</summary>
internal sealed class ProcessedActivityRetentionRegistration(IRecurringJobManager jobs,
    Microsoft.Extensions.Options.IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<ProcessedActivityRetention>(ProcessedActivityRetention.JobId, job => job.RunAsync(CancellationToken.None),
            options.Value.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
