using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Table Storage: the validated "Storage" options, <see cref="StorageAccount"/> (connection string or endpoint +
    /// managed identity), <see cref="TableClientProvider"/>. Microsoft.Extensions.Azure's AddAzureClients was
    /// considered: the bot needs differently configured clients of the same account (the health check's has no
    /// retries; Files may point at another account), which one small factory says more plainly.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>()
            .Bind(configuration.GetSection(TableStorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            // Only resolved in endpoint mode. No interactive browser prompt on a server.
            return new StorageCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(o.ManagedIdentityClientId) ? null : o.ManagedIdentityClientId,
                ExcludeInteractiveBrowserCredential = true,
            }));
        });
        services.TryAddSingleton<StorageAccount>();
        services.TryAddSingleton<TableClientProvider>();
        // Small writes an answer does not wait for (participants, conversation references): see AfterAnswerWrites.
        // The logger is optional: hand-built containers (tools, wiring tests) may have no logging.
        services.TryAddSingleton(sp => new AfterAnswerWrites(
            sp.GetService<ILogger<AfterAnswerWrites>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<AfterAnswerWrites>.Instance));
        services.AddHostedService(sp => sp.GetRequiredService<AfterAnswerWrites>());
        return services;
    }
}

/// <summary>The "Storage" section names one account in one way; failures name the key.</summary>
internal sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TableStorageOptions o)
    {
        var errors = new List<string>();
        var hasConnection = !string.IsNullOrWhiteSpace(o.ConnectionString);
        if (hasConnection && !string.IsNullOrWhiteSpace(o.TableEndpoint))
        {
            errors.Add("Storage:ConnectionString and Storage:TableEndpoint are both set: set the endpoint (managed identity) or the connection string (account key, Azurite), not both.");
        }
        if (!hasConnection)
        {
            Endpoint(o.TableEndpoint, "Storage:TableEndpoint", errors);
            Endpoint(o.BlobEndpoint, "Storage:BlobEndpoint", errors);
            if (!string.IsNullOrWhiteSpace(o.TableEndpoint) && string.IsNullOrWhiteSpace(o.BlobEndpoint))
            {
                errors.Add("Storage:BlobEndpoint is empty while Storage:TableEndpoint is set (generated files live in the blob service).");
            }
        }
        if (o.MaxConnections < 1)
        {
            errors.Add("Storage:MaxConnections must be at least 1 (connections to the storage account at once).");
        }
        if (!o.TablePrefix.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("Storage:TablePrefix may contain only ASCII letters and digits (it starts every table name).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Endpoint(string? value, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            errors.Add($"{key} '{value}' is not an https:// address (tokens are only sent over TLS).");
        }
    }
}
