using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A feature that takes the files people attach to a message (Teams' file download-info attachments in the 1:1 chat).
/// BitacoraBot asks each one before treating the message as a command; the first that returns true answered it.
/// </summary>
public interface IIncomingFilesHandler
{
    Task<bool> TryHandleAsync(ITurnContext turn, CancellationToken cancellationToken);
}
