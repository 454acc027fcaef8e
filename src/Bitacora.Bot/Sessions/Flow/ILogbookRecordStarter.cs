using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Starts the meeting of a guide that keeps a period logbook (<see cref="Guide.IsLogbook"/>): the session becomes the
/// logbook's next record, numbered in that logbook. Implemented by the Logbook feature; without it such guides start
/// like any other.
/// </summary>
public interface ILogbookRecordStarter
{
    Task<CardActionResult> StartRecordAsync(CardActionContext context, Guide guide, ResolvedScope scope, DateOnly date, StartForm form,
        CancellationToken cancellationToken);
}
