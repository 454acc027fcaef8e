using Bitacora.Bot.Commitments;
using Bitacora.Bot.Conversations;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// How one claimed reminder's delivery ended. <see cref="Claimed"/> is the outbox row as it stands after the delivery
/// (its target switched to the session conversation if the 1:1 was unreachable), <see cref="Attempts"/> the sends
/// made so far; <see cref="Lost"/>: the fallback switch lost the row to another sweep.
/// </summary>
public sealed record DeliveryAttempt(DeliveryResult Result, OutboxEntry Claimed, int Attempts, bool PossibleRedelivery, bool Lost = false);

/// <summary>
/// Sends one claimed reminder: asks the channel first when recovering a dead sweep's send (probe), takes the rate
/// limiter before every send, waits out a short Retry-After inline on the injected clock, and falls back from the
/// person's 1:1 to the session conversation (with a mention) when the 1:1 is unreachable.
/// </summary>
public sealed class ReminderDelivery(IReminderChannel channel, TeamsRateLimiter limiter, OutboxTransitions transitions,
    ReminderOptions options, TimeProvider time, ILogger<ReminderDelivery> logger)
{
    public async Task<DeliveryAttempt> DeliverAsync(DueReminder row, Commitment commitment, OutboxEntry claimed, bool recovering,
        CancellationToken ct)
    {
        var attempts = claimed.Attempts;
        var message = Message(row, commitment, claimed.Target, attempts, possibleRedelivery: false);
        if (recovering)
        {
            var probe = await SafeProbeAsync(message, ct);
            if (probe.Status == DeliveryProbeStatus.Delivered)
            {
                return new DeliveryAttempt(new DeliveryResult.Delivered(probe.ActivityId ?? ""), claimed, attempts, false);
            }
            message = message with { PossibleRedelivery = probe.Status == DeliveryProbeStatus.Unknown };
        }

        while (true)
        {
            await limiter.AcquireAsync(message.Target.ConversationKey, ct);
            var result = await SafeSendAsync(message, ct);
            if (result is DeliveryResult.Unreachable unreachable && claimed.Target == OutboxTarget.Personal)
            {
                logger.LogWarning("Reminder {Key}: 1:1 unreachable ({Status}); falling back to the session conversation.",
                    row.IdempotencyKey, unreachable.StatusCode);
                if (await transitions.SwitchToFallbackAsync(claimed, ct) is not { } switched)
                {
                    return new DeliveryAttempt(result, claimed, attempts, message.PossibleRedelivery, Lost: true);
                }
                claimed = switched;
                message = Message(row, commitment, claimed.Target, attempts, message.PossibleRedelivery);
                continue;
            }
            if (result is DeliveryResult.RetryLater later)
            {
                limiter.Penalize(message.Target.ConversationKey, later.RetryAfter);
                if (later.RetryAfter <= options.MaxInlineRetryAfter && attempts < options.MaxAttempts)
                {
                    attempts++;
                    await Task.Delay(later.RetryAfter, time, ct);
                    message = message with { Attempt = attempts };
                    continue;
                }
            }
            return new DeliveryAttempt(result, claimed with { Attempts = attempts }, attempts, message.PossibleRedelivery);
        }
    }

    private static ReminderMessage Message(DueReminder row, Commitment c, OutboxTarget target, int attempt, bool possibleRedelivery) =>
        new(row.IdempotencyKey, c, row.Kind, row.DueUtc.ToDateTimeOffset(),
            target == OutboxTarget.Personal
                ? new ReminderTarget.Personal(c.Responsible, c.Origin.TenantId, c.Origin.ServiceUrl)
                : new ReminderTarget.SessionConversation(c.Origin.ConversationId, c.Origin.ServiceUrl, c.Origin.TenantId, c.Responsible),
            attempt, possibleRedelivery);

    private async Task<DeliveryResult> SafeSendAsync(ReminderMessage message, CancellationToken ct)
    {
        try
        {
            return await channel.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new DeliveryResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<DeliveryProbe> SafeProbeAsync(ReminderMessage message, CancellationToken ct)
    {
        try
        {
            return await channel.ProbeAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Probe failed for {Key}.", message.IdempotencyKey);
            return DeliveryProbe.Unknown;
        }
    }
}
