using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Files;

/// <summary>The texts of file delivery: the «Descargar» card, file consent, the download pages (Content/Texts/files.es-CL.json).</summary>
public sealed class FileTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "files.es-CL.json";

    public const string CardTitle = "card.title";
    public const string CardFile = "card.file";
    public const string CardSize = "card.size";
    public const string CardExpires = "card.expires";
    public const string CardButton = "card.button";
    public const string CardConsentHint = "card.consentHint";
    public const string ConsentDescription = "consent.description";
    public const string ConsentDeclined = "consent.declined";
    public const string ConsentUploaded = "consent.uploaded";
    public const string ConsentFailed = "consent.failed";
    public const string ConsentGone = "consent.gone";
    public const string ConsentNotYours = "consent.notYours";
    public const string PageExpiredTitle = "page.expired.title";
    public const string PageExpiredBody = "page.expired.body";
    public const string PageInvalidTitle = "page.invalid.title";
    public const string PageInvalidBody = "page.invalid.body";
    public const string PageGoneTitle = "page.gone.title";
    public const string PageGoneBody = "page.gone.body";
    public const string PageFooter = "page.footer";
    public const string SizeBytes = "size.bytes";
    public const string SizeKilobytes = "size.kilobytes";
    public const string SizeMegabytes = "size.megabytes";

    public static IEnumerable<string> AllKeys => ConstantsOf(typeof(FileTexts));

    public static FileTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));

    /// <summary>"850 bytes", "18 KB", "2,4 MB" (es-CL).</summary>
    public string Size(long bytes) => bytes switch
    {
        < 1024 => Format(SizeBytes, bytes.ToString("N0", TextCatalog.Culture)),
        < 1024 * 1024 => Format(SizeKilobytes, Math.Ceiling(bytes / 1024.0).ToString("N0", TextCatalog.Culture)),
        _ => Format(SizeMegabytes, (bytes / (1024.0 * 1024.0)).ToString("N1", TextCatalog.Culture)),
    };
}
