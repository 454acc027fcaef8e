using Bitacora.Bot.Conversations;
using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using NodaTime;

namespace Bitacora.Benchmarks.Reminders;

/// <summary>
/// 10 000 reminders through a fake Teams service that enforces the Teams limits (7/s and 60/30 s per conversation,
/// 30/s per app) and answers 429 + Retry-After when exceeded, on virtual time. The sender is the production
/// <see cref="TeamsRateLimiter"/> with the sweep's 429 handling (penalize, wait Retry-After, resend).
/// Filter: <c>--filter *ThrottledDelivery*</c>.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class ThrottledDeliveryBenchmarks
{
    public const int Reminders = 10_000;

    /// <summary>The app-wide cap the bot is configured with; 40 exceeds the service's 30 and so provokes 429s.</summary>
    [Params(30, 40)]
    public int ConfiguredAppPerSecond { get; set; }

    [Benchmark]
    public DeliveryStats Deliver()
    {
        var stats = RunAsync(ConfiguredAppPerSecond).GetAwaiter().GetResult();
        Console.WriteLine($"// app-cap={ConfiguredAppPerSecond}/s {stats}");
        return stats;
    }

    public sealed record DeliveryStats(int Reminders, int Delivered, int Lost, int Duplicated, int Throttled429,
        TimeSpan VirtualElapsed, double AchievedPerSecond, double FractionOfAllowed)
    {
        public override string ToString() =>
            $"reminders={Reminders} delivered={Delivered} lost={Lost} duplicated={Duplicated} 429s={Throttled429} " +
            $"virtual={VirtualElapsed.TotalSeconds:F1}s rate={AchievedPerSecond:F2}/s fraction-of-allowed={FractionOfAllowed:P1}";
    }

    public static async Task<DeliveryStats> RunAsync(int configuredAppPerSecond)
    {
        var clock = new VirtualClock(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        var service = new FakeTeamsService(clock, appPerSecond: 30);
        var limiter = new TeamsRateLimiter(new RateLimitOptions { AppPerSecond = configuredAppPerSecond }, clock);
        var messages = Enumerable.Range(0, Reminders).Select(Message).ToList();
        var start = clock.GetUtcNow();
        var firstSend = (DateTimeOffset?)null;
        foreach (var message in messages)
        {
            while (true)
            {
                await limiter.AcquireAsync(message.Target.ConversationKey, CancellationToken.None);
                firstSend ??= clock.GetUtcNow();
                var result = await service.SendAsync(message, CancellationToken.None);
                if (result is DeliveryResult.RetryLater later)
                {
                    limiter.Penalize(message.Target.ConversationKey, later.RetryAfter);
                    await Task.Delay(later.RetryAfter, clock);
                    continue;
                }
                break;
            }
        }
        var elapsed = clock.GetUtcNow() - (firstSend ?? start);
        // The ideal schedule sends 30 in each second: the last one leaves at (n/30 - 1/30) s after the first.
        var idealSeconds = (Reminders - 1) / 30.0;
        var counts = service.Received.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        var delivered = counts.Count;
        return new DeliveryStats(Reminders, delivered, Reminders - delivered, counts.Values.Sum(n => n - 1), service.Rejected,
            elapsed, (Reminders - 1) / elapsed.TotalSeconds, idealSeconds / elapsed.TotalSeconds);
    }

    private static readonly Commitment Template = new()
    {
        Id = "c", Unit = "u", What = "x", Responsible = new PersonRef("p", "P"), AccountabilityDate = new LocalDate(2026, 5, 4),
        MeansOfVerification = "m", Origin = new CommitmentOrigin("s", "conv"), CreatedAt = Instant.FromUtc(2026, 1, 1, 0, 0),
        CreatedBy = new PersonRef("d", "D"),
    };

    // 2 000 people with 5 reminders each, interleaved; every 10th goes to a shared session conversation (fallback).
    private static ReminderMessage Message(int i)
    {
        var person = new PersonRef("p" + (i % 2000), "P", "29:p" + (i % 2000));
        ReminderTarget target = i % 10 == 0
            ? new ReminderTarget.SessionConversation("19:session" + (i % 7), null, null, person)
            : new ReminderTarget.Personal(person, "t", null);
        return new ReminderMessage($"c{i}|d0|0", Template with { Id = "c" + i }, new ReminderKind(0), default, target, 1, false);
    }

    /// <summary>Counts like Teams: a send over any limit is rejected with 429 and Retry-After 1 s, and not delivered.</summary>
    private sealed class FakeTeamsService(TimeProvider clock, int appPerSecond) : IReminderChannel
    {
        private readonly Queue<long> _app = new();
        private readonly Dictionary<string, (Queue<long> S1, Queue<long> S30)> _conversations = new();
        public ConcurrentBag<string> Received { get; } = [];
        public int Rejected { get; private set; }

        public Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcTicks;
            if (!_conversations.TryGetValue(message.Target.ConversationKey, out var c))
            {
                _conversations[message.Target.ConversationKey] = c = (new Queue<long>(), new Queue<long>());
            }
            if (Over(_app, appPerSecond, TimeSpan.TicksPerSecond, now) || Over(c.S1, 7, TimeSpan.TicksPerSecond, now)
                || Over(c.S30, 60, 30 * TimeSpan.TicksPerSecond, now))
            {
                Rejected++;
                return Task.FromResult<DeliveryResult>(new DeliveryResult.RetryLater(TimeSpan.FromSeconds(1), "429"));
            }
            _app.Enqueue(now);
            c.S1.Enqueue(now);
            c.S30.Enqueue(now);
            Received.Add(message.IdempotencyKey);
            return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("a" + Received.Count));
        }

        private static bool Over(Queue<long> log, int limit, long window, long now)
        {
            while (log.Count > 0 && log.Peek() <= now - window)
            {
                log.Dequeue();
            }
            return log.Count >= limit;
        }
    }
}
