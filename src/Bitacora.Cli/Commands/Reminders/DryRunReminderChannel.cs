using Bitacora.Bot.Reminders;

namespace Bitacora.Cli.Commands.Reminders;

/// <summary>
/// The channel of `reminders run` without --send: the preview only lists what is due (ReminderSweep.PreviewAsync) and
/// never delivers, so reaching this channel would be a defect, not a quiet no-op.
/// </summary>
public sealed class DryRunReminderChannel : IReminderChannel
{
    public Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A dry run sends nothing: the preview must not reach the reminder channel.");
}
