using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Files;

/// <summary>
/// The "Files" section is checked when the host starts; each failure names its key. Outside Development the links
/// need a signing key every instance shares: Files:SigningKey, or an AccountKey in the storage connection string to
/// derive one from. With managed identity there is no account key, so Files:SigningKey is required (infra/ generates
/// it into Key Vault); only Development falls back to a random per-process key.
/// </summary>
internal sealed class FileDeliveryOptionsValidator(IHostEnvironment environment, IOptions<TableStorageOptions> storage)
    : IValidateOptions<FileDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, FileDeliveryOptions o)
    {
        var errors = new List<string>();
        if (o.LinkLifetime <= TimeSpan.Zero || o.LinkLifetime > TimeSpan.FromDays(1))
        {
            errors.Add("Files:LinkLifetime must be between 0 and 1 day (minutes are the point).");
        }
        if (o.Retention <= TimeSpan.Zero)
        {
            errors.Add("Files:Retention must be positive.");
        }
        if (o.MaxBytes <= 0)
        {
            errors.Add("Files:MaxBytes must be positive.");
        }
        if (string.IsNullOrWhiteSpace(o.Container) || !o.Container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add("Files:Container may contain only lower-case ASCII letters, digits and '-'.");
        }
        if (!string.IsNullOrWhiteSpace(o.PublicBaseUrl)
            && (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"Files:PublicBaseUrl '{o.PublicBaseUrl}' is not an absolute http(s) address.");
        }
        try
        {
            Cronos.CronExpression.Parse(o.RetentionCron);
        }
        catch (Cronos.CronFormatException e)
        {
            errors.Add($"Files:RetentionCron '{o.RetentionCron}' is not a cron expression: {e.Message}");
        }
        if (!string.IsNullOrWhiteSpace(o.SigningKey))
        {
            if (!TryDecodedLength(o.SigningKey, out var length) || length < 32)
            {
                errors.Add("Files:SigningKey must be base64 of at least 32 bytes.");
            }
        }
        else if (!environment.IsDevelopment() && FileLinks.AccountKey(BlobConnectionString(o, storage.Value)) is null)
        {
            errors.Add($"Files:SigningKey is empty and the storage connection has no AccountKey to derive one from (environment '{environment.EnvironmentName}'): "
                       + "set Files:SigningKey (base64, ≥ 32 bytes, the same on every instance; infra/ keeps it in Key Vault as Files--SigningKey).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The connection string the blob store uses, or null when it is reached with a token credential.</summary>
    public static string? BlobConnectionString(FileDeliveryOptions files, TableStorageOptions storage) =>
        string.IsNullOrWhiteSpace(files.ConnectionString) ? storage.EffectiveConnectionString : files.ConnectionString;

    private static bool TryDecodedLength(string value, out int length) =>
        Convert.TryFromBase64String(value, new byte[value.Length], out length);
}
