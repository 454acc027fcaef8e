using Azure.Storage.Blobs;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class FilesServiceCollectionExtensions
{
    /// <summary>
    /// Generated files delivered in Teams: <see cref="IFileDelivery"/> (Blob Storage + signed «Descargar» link + file
    /// consent in 1:1 chats), <see cref="FileConsentHandler"/> for fileConsent/invoke, the download endpoint's services
    /// (map it with <c>app.MapFileDownloads()</c>) and the retention sweep (a Hangfire recurring job when
    /// Reminders:RunScheduler is on). The "Files" section is validated when the host starts (<see cref="FileDeliveryOptionsValidator"/>).
    /// </summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileDeliveryOptions>()
            .Bind(configuration.GetSection(FileDeliveryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FileDeliveryOptions>, FileDeliveryOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FileDeliveryOptions>>().Value);
        services.AddTexts(FileTexts.Load);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<FileDeliveryOptions>();
            var account = sp.GetRequiredService<StorageAccount>();
            var name = new string((account.Options.TablePrefix + options.Container).ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
            var service = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? account.CreateBlobServiceClient()
                : new BlobServiceClient(options.ConnectionString);
            return new BlobFileStore(service.GetBlobContainerClient(name.Length > 63 ? name[..63] : name), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<FileDeliveryOptions>();
            return new FileLinks(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FileLinks>>(),
                sp.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>(),
                FileDeliveryOptionsValidator.BlobConnectionString(options, sp.GetRequiredService<StorageAccount>().Options));
        });
        services.AddSingleton<IFileDelivery, FileDelivery>();
        services.AddHttpClient(FileConsentHandler.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(100));
        services.AddSingleton<FileConsentHandler>();
        services.AddTransient<FileRetentionJob>();
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<FileTexts>();
            sp.GetRequiredService<FileLinks>();
            sp.GetRequiredService<CardCatalog>().EnsureContains([FileDelivery.Template]);
        });
        if (configuration.GetValue("Reminders:RunScheduler", defaultValue: true))
        {
            services.AddHostedService<FileRetentionJobRegistration>();
        }
        return services;
    }
}
