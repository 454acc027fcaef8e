namespace Bitacora.Bot.Files;

/// <summary>The "Files" configuration section: where generated files are kept and how their links behave.</summary>
public sealed class FileDeliveryOptions
{
    public const string SectionName = "Files";

    /// <summary>Blob Storage connection string; empty → Storage:ConnectionString (which then needs a BlobEndpoint).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Container name (lower-case letters, digits, '-'); Storage:TablePrefix is put in front of it.</summary>
    public string Container { get; set; } = "archivos";

    /// <summary>
    /// The bot's public address as a browser reaches it (e.g. https://bitacora.example.cl); download links point here.
    /// Empty → the first address the server listens on (fine locally, wrong behind a proxy).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a «Descargar» link works. Minutes, not days.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a delivered (temporary) file is kept before the retention sweep deletes it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Cron (UTC) of the retention sweep.</summary>
    public string RetentionCron { get; set; } = "17 * * * *";

    /// <summary>
    /// Base64 key (≥ 32 bytes) that signs the links; every instance of the bot needs the same one (infra/ generates it
    /// into Key Vault as Files--SigningKey). Empty → a key derived from the storage connection string's AccountKey
    /// (Azurite, key-based accounts); with neither (managed identity) the host refuses to start outside Development,
    /// and Development signs with a random key per process.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>In a 1:1 chat, also offer Teams' file consent card (the file lands in the person's OneDrive).</summary>
    public bool OfferFileConsent { get; set; } = true;

    /// <summary>Accept http:// upload URLs in fileConsent/invoke (tests against a loopback fake only).</summary>
    public bool AllowInsecureUploadUrls { get; set; }

    /// <summary>Largest file delivered through the bot.</summary>
    public int MaxBytes { get; set; } = 50 * 1024 * 1024;
}
