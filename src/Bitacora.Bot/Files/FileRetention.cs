using Hangfire;

namespace Bitacora.Bot.Files;

/// <summary>Deletes delivered (temporary) files older than Files:Retention, by the injected clock.</summary>
public sealed class FileRetentionJob(BlobFileStore store, FileDeliveryOptions options, TimeProvider time, ILogger<FileRetentionJob> logger)
{
    public const string JobId = "file-retention";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var deleted = await store.DeleteOlderThanAsync(FileAreas.Temporary, time.GetUtcNow() - options.Retention, ct);
        logger.LogInformation("File retention: deleted {Count} file(s) older than {Retention}", deleted, options.Retention);
        return deleted;
    }
}

/// <summary>Registers <see cref="FileRetentionJob"/> as a Hangfire recurring job (Files:RetentionCron, UTC).</summary>
internal sealed class FileRetentionJobRegistration(IRecurringJobManager jobs, FileDeliveryOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<FileRetentionJob>(FileRetentionJob.JobId, job => job.RunAsync(CancellationToken.None), options.RetentionCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
