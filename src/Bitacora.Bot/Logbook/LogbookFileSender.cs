using Bitacora.BotFramework;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// How a generated document reaches the person who asked for it in Teams. The files feature (Blob Storage, a signed
/// short-lived link, the file consent card) replaces the default registered here with TryAdd.
/// </summary>
public interface ILogbookFileSender
{
    Task SendAsync(ITurnContext turn, string fileName, string contentType, byte[] content, string description, CancellationToken cancellationToken);
}

/// <summary>Until files can be delivered: says the document was generated and how an operator gets the same file.</summary>
public sealed class TextOnlyFileSender(LogbookTexts texts) : ILogbookFileSender
{
    public Task SendAsync(ITurnContext turn, string fileName, string contentType, byte[] content, string description, CancellationToken cancellationToken) =>
        turn.SendTextAsync(description + " " + texts[LogbookTexts.DownloadPending], cancellationToken);
}
