using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Commitments.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Evidence files: <see cref="EvidenceFileService"/> (reusable by any feature that accepts files), the 1:1 chat's
    /// file messages (<see cref="EvidenceMessageHandler"/>) and «Adjuntar a este compromiso». Needs AddFiles (Blob
    /// Storage, signed links). Options: the "Evidence" section (<see cref="EvidenceOptions"/>).
    /// </summary>
    public static IServiceCollection AddEvidenceFiles(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection(EvidenceOptions.SectionName).Get<EvidenceOptions>() ?? new EvidenceOptions();
            if (options.MaxBytes <= 0 || options.AllowedDownloadHosts.Count == 0 || options.MaxFilesPerCommitment <= 0)
            {
                throw new InvalidOperationException("Evidence: MaxBytes, MaxFilesPerCommitment and AllowedDownloadHosts must be set.");
            }
            return options;
        });
        // Redirects are not followed: a download URL may only lead to an allowed host, never onwards.
        services.AddHttpClient(EvidenceFileService.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<EvidenceFileService>();
        services.AddSingleton<IIncomingFilesHandler, EvidenceMessageHandler>();
        services.AddSingleton<ICardAction, AttachEvidenceAction>();
        services.AddStartupCheck(sp => sp.GetRequiredService<EvidenceOptions>());
        return services;
    }
}
