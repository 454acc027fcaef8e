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
    /// Reminders:RunScheduler is on).
    /// </summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(FileDeliveryOptions.SectionName).Get<FileDeliveryOptions>() ?? new FileDeliveryOptions();
        if (options.LinkLifetime <= TimeSpan.Zero || options.LinkLifetime > TimeSpan.FromDays(1))
        {
            throw new InvalidOperationException("Files:LinkLifetime must be between 0 and 1 day (minutes are the point).");
        }
        Cronos.CronExpression.Parse(options.RetentionCron);
        services.AddSingleton(options);
        services.AddSingleton(sp => FileTexts.Load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Texts")));
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            var connection = string.IsNullOrWhiteSpace(options.ConnectionString) ? storage.ConnectionString : options.ConnectionString;
            var name = new string((storage.TablePrefix + options.Container).ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
            var container = new BlobServiceClient(connection).GetBlobContainerClient(name.Length > 63 ? name[..63] : name);
            return new BlobFileStore(container, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new FileLinks(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FileLinks>>(),
            sp.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>(),
            string.IsNullOrWhiteSpace(options.ConnectionString) ? sp.GetRequiredService<IOptions<TableStorageOptions>>().Value.ConnectionString : options.ConnectionString));
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
