namespace Bitacora.Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>()
            .Bind(configuration.GetSection(TableStorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString is empty.")
            .Validate(o => o.TablePrefix.All(char.IsAsciiLetterOrDigit),
                "Storage:TablePrefix may contain only ASCII letters and digits (it starts every table name).")
            .ValidateOnStart();
        services.AddSingleton<TableClientProvider>();
        return services;
    }
}
