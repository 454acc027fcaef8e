using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bitacora.Bot.Observability;

/// <summary>
/// The bot's own instruments (meter <see cref="MeterName"/>, activity source <see cref="SourceName"/>). Tags carry
/// kinds and outcomes only — never ids of people or anything a user typed.
/// </summary>
public sealed class BitacoraMetrics
{
    public const string MeterName = "Bitacora.Bot";
    public const string SourceName = "Bitacora.Bot";

    /// <summary>Spans of turns and sweeps (exported when a tracer provider listens).</summary>
    public static readonly ActivitySource Source = new(SourceName);

    private readonly Counter<long> _turns;
    private readonly Counter<long> _cardActions;
    private readonly Counter<long> _remindersSent;
    private readonly Counter<long> _remindersFailed;
    private readonly Counter<long> _remindersPossibleDuplicate;

    public BitacoraMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _turns = meter.CreateCounter<long>("bitacora.turns", "{turn}", "Inbound activities handled, by type and outcome.");
        _cardActions = meter.CreateCounter<long>("bitacora.card_actions", "{action}", "Card buttons handled, by verb and result.");
        _remindersSent = meter.CreateCounter<long>("bitacora.reminders.sent", "{reminder}", "Reminders delivered, by target.");
        _remindersFailed = meter.CreateCounter<long>("bitacora.reminders.failed", "{reminder}", "Reminders given up after the last attempt.");
        _remindersPossibleDuplicate = meter.CreateCounter<long>("bitacora.reminders.possible_duplicate", "{reminder}",
            "Reminders re-sent after a crash window, flagged on the card as possibly repeated.");
    }

    public void Turn(string activityType, string? conversationType, string outcome) =>
        _turns.Add(1, new("activity.type", activityType), new("conversation.type", conversationType ?? "unknown"),
            new("outcome", outcome));

    public void CardAction(string verb, string result) =>
        _cardActions.Add(1, new("verb", verb), new("result", result));

    public void ReminderSent(string target) => _remindersSent.Add(1, new KeyValuePair<string, object?>("target", target));

    public void ReminderFailed() => _remindersFailed.Add(1);

    public void ReminderPossibleDuplicate() => _remindersPossibleDuplicate.Add(1);
}
