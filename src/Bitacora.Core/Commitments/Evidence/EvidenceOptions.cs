namespace Bitacora.Bot.Commitments.Evidence;

/// <summary>The "Evidence" configuration section: which files Bitácora copies as evidence (medios de verificación).</summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "Evidence";

    /// <summary>Largest file copied (bytes). Default 25 MB: photos, a short audio, a scanned PDF.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Hosts the bot downloads attached files from: Teams hands a OneDrive / SharePoint download URL, so by default only
    /// "*.sharepoint.com" ("*." = any subdomain). A URL on any other host is refused before any request is made.
    /// </summary>
    public List<string> AllowedDownloadHosts { get; set; } = ["*.sharepoint.com"];

    /// <summary>Accept http:// download URLs (tests against a loopback fake only; production is https only).</summary>
    public bool AllowInsecureDownloads { get; set; }

    /// <summary>Files per message and per commitment.</summary>
    public int MaxFilesPerCommitment { get; set; } = 10;
}
