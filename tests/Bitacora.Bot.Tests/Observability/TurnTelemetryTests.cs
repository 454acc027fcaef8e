using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenTelemetry.Metrics;

namespace Bitacora.Bot.Tests.Observability;

/// <summary>Turn logs carry the turn's scope and never the user's text at Information; the bot's counters reach an
/// OpenTelemetry exporter (the in-memory one here, Azure Monitor in production).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TurnTelemetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ScopeCapturingLoggerProvider _logs = new();
    private readonly List<Metric> _exported = [];
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite, services =>
    {
        services.AddSingleton<ILoggerProvider>(_logs);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddInMemoryExporter(_exported));
    }, new Dictionary<string, string?> { ["BotFramework:Retry:MaxAttempts"] = "1" });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private long Sum(string name, params (string Key, string Value)[] tags)
    {
        _exported.Clear();
        Assert.True(_bot.Services.GetRequiredService<MeterProvider>().ForceFlush(5000));
        long total = 0;
        foreach (var metric in _exported.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) pointTags[tag.Key] = tag.Value;
                if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                {
                    total += point.GetSumLong();
                }
            }
        }
        return total;
    }

    [Fact]
    public async Task A_turn_logs_with_its_conversation_and_activity_scope_and_without_the_user_text()
    {
        const string secret = "mi rut es 12.345.678-5 y estoy molesta";
        var message = _bot.Message(Conversation.Personal("a:scope-chat"), secret);
        await _bot.PostAsync(message);
        await _bot.Connector.WaitForAsync(c => c.ConversationId == "a:scope-chat");

        var turnLogs = _logs.Entries.Where(e => e.Category.StartsWith("Bitacora.Bot", StringComparison.Ordinal)
                                                && e.Scope.ContainsKey("ActivityId")).ToList();
        var unrecognised = Assert.Single(turnLogs, e => e.Message.StartsWith("Unrecognised text", StringComparison.Ordinal)
                                                        && e.Level == LogLevel.Information);
        Assert.Equal("a:scope-chat", unrecognised.Scope["ConversationId"]);
        Assert.Equal(message["id"]!.GetValue<string>(), unrecognised.Scope["ActivityId"]);
        Assert.Equal("message", unrecognised.Scope["ActivityType"]);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && e.Message.Contains("12.345.678"));
        Assert.Equal(1, Sum("bitacora.turns", ("activity.type", "message"), ("conversation.type", "personal"), ("outcome", "ok")));
    }

    [Fact]
    public async Task A_card_button_logs_its_session_id_and_counts_as_a_card_action()
    {
        var click = _bot.Execute(Conversation.Group(), "no-such-verb", new() { ["sessionId"] = "session-42" }, "card-1");
        await _bot.InvokeAsync(click);

        Assert.Contains(_logs.Entries, e => e.Message.Contains("unknown verb") && Equals(e.Scope.GetValueOrDefault("SessionId"), "session-42"));
        Assert.Equal(1, Sum("bitacora.card_actions", ("verb", "unknown"), ("result", "refused")));
        Assert.Equal(1, Sum("bitacora.turns", ("activity.type", "invoke")));
    }

    [Fact]
    public async Task A_throttled_then_sent_reminder_counts_a_429_and_a_sent_reminder()
    {
        var commitment = await _bot.Get<CommitmentService>().CreateAsync(new NewCommitment("junji:16101001", "Actualizar el PEI",
                new PersonRef("aad-29:adele", "Adele Vance", "29:adele", "aad-29:adele"), new LocalDate(2026, 5, 11), "Acta",
                new CommitmentOrigin("session-1", "19:group@thread.v2", _bot.Connector.ServiceUrl, "tenant-1")),
            new PersonRef("aad-dir", "Directora"), CancellationToken.None);
        var due = commitment.Reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc.ToDateTimeOffset();
        _bot.Connector.FailNext(1, 429, TimeSpan.FromSeconds(90), c => c.IsSend);
        var sweep = _bot.Get<ReminderSweep>();

        _bot.Time.SetUtcNow(due);
        await sweep.RunAsync(due, CancellationToken.None);
        _bot.Time.SetUtcNow(due.AddSeconds(90));
        await sweep.RunAsync(due.AddSeconds(90), CancellationToken.None);

        Assert.Equal(1, Sum("botframework.connector.throttled"));
        Assert.Equal(1, Sum("bitacora.reminders.sent"));
        Assert.Equal(0, Sum("bitacora.reminders.failed"));
    }
}
