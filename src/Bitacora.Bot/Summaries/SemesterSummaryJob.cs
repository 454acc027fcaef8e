using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using Hangfire;

namespace Bitacora.Bot.Summaries;

/// <summary>The "Summaries" configuration section.</summary>
public sealed class SummaryOptions
{
    public const string SectionName = "Summaries";

    /// <summary>"MM-dd" dates (America/Santiago) on which the semester summary is sent.</summary>
    public string[] Dates { get; set; } = ["07-31", "12-15"];

    /// <summary>"HH:mm", America/Santiago.</summary>
    public string TimeOfDay { get; set; } = "09:00";
}

/// <summary>What one run did.</summary>
public sealed record SummaryRunReport(string Period, int Sent, int AlreadySent, int Unreachable, int Failed)
{
    public override string ToString() => $"{Period}: sent {Sent}, already sent {AlreadySent}, unreachable {Unreachable}, failed {Failed}";
}

/// <summary>
/// Sends the semester feedback summary: to each unit's directive contacts who have a 1:1 chat with the bot (the unit
/// card) and to the territorial and regional coordinators registered in the territory (the territory card). Each
/// (period, subject, recipient) goes through <see cref="SummaryOutbox"/>, so running twice sends once. The list of
/// territories is the registry's (a few hundred rows at most, read once per run, not per message).
/// </summary>
public sealed class SemesterSummaryJob(
    TerritoryStore territories,
    IPersonDirectory people,
    ConversationReferenceStore conversations,
    FeedbackReportBuilder reports,
    SummaryCards cards,
    SummaryOutbox outbox,
    IBotAdapter adapter,
    TeamsRateLimiter limiter,
    ILogger<SemesterSummaryJob> logger)
{
    public async Task<SummaryRunReport> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var period = ReportPeriod.SemesterOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ChileTime.Zone).DateTime));
        int sent = 0, already = 0, unreachable = 0, failed = 0;
        foreach (var territory in await territories.ListAllAsync(ct))
        {
            var scope = new CoordinationScope(AccessScope.Territory(territory.Id), territory.Name, [territory], null, period, true);
            var report = (await reports.BuildAsync(scope, ct)).Single();
            var members = await people.ListByTerritoryAsync(territory.Id, ct);

            foreach (var unit in report.Units)
            {
                foreach (var contact in unit.Unit.Contacts)
                {
                    var address = await FindAddressAsync(contact, members, ct);
                    Count(await DeliverAsync(period, "unit:" + unit.Unit.Code.Id, address, () => cards.Unit(unit, period), ct));
                }
            }
            foreach (var coordinator in members.Where(p => p.Roles.CoordinatedTerritories.Contains(territory.Id)
                                                           || p.Roles.CoordinatedRegions.Contains(territory.RegionCode)))
            {
                var address = coordinator.TeamsUserId is { } id ? await conversations.GetUserAsync(id, ct) : null;
                Count(await DeliverAsync(period, "territory:" + territory.Id, address, () => cards.Territory(report, period), ct));
            }
        }
        var result = new SummaryRunReport(period.Key, sent, already, unreachable, failed);
        logger.LogInformation("Semester summary: {Report}", result);
        return result;

        void Count(Outcome outcome)
        {
            switch (outcome)
            {
                case Outcome.Sent: sent++; break;
                case Outcome.AlreadySent: already++; break;
                case Outcome.Unreachable: unreachable++; break;
                default: failed++; break;
            }
        }
    }

    private enum Outcome { Sent, AlreadySent, Unreachable, Failed }

    private async Task<UserAddress?> FindAddressAsync(DirectiveContact contact, IReadOnlyList<Person> members, CancellationToken ct)
    {
        if (contact.AadObjectId is { Length: > 0 } aad && await conversations.GetUserByAadObjectIdAsync(aad, ct) is { } byAad)
        {
            return byAad;
        }
        var email = contact.Email is { Length: > 0 } e ? PersonStore.NormalizeEmail(e) : null;
        var person = email is null ? null : members.FirstOrDefault(p => p.Email == email) ?? await people.FindByEmailAsync(email, ct);
        return person?.TeamsUserId is { } teamsId ? await conversations.GetUserAsync(teamsId, ct) : null;
    }

    private async Task<Outcome> DeliverAsync(ReportPeriod period, string subject, UserAddress? address, Func<JsonObject> card, CancellationToken ct)
    {
        // Only people who opened a 1:1 chat with the bot: a summary of a unit is not for a group conversation.
        if (address?.PersonalConversationId is not { } conversationId)
        {
            return Outcome.Unreachable;
        }
        if (!await outbox.TryClaimAsync(period.Key, subject, address.UserId, ct))
        {
            return Outcome.AlreadySent;
        }
        try
        {
            await limiter.AcquireAsync(conversationId, ct); // the app-wide cap is shared with the reminders
            string? activityId = null;
            var reference = new ConversationReference
            {
                User = new ChannelAccount { Id = address.UserId, Name = address.Name, AadObjectId = address.AadObjectId },
                Bot = new ChannelAccount { Id = address.BotId },
                Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = address.TenantId },
                ChannelId = address.ChannelId,
                ServiceUrl = address.ServiceUrl,
                Locale = "es-CL",
            };
            await adapter.ContinueConversationAsync(reference, async (turn, token) =>
                activityId = (await turn.SendActivityAsync(Activity.CreateCard(card()), token)).Id, ct);
            await outbox.MarkSentAsync(period.Key, subject, address.UserId, activityId, ct);
            return Outcome.Sent;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Semester summary {Subject} to {User} failed; it will be retried on the next run.", subject, address.UserId);
            await outbox.ReleaseAsync(period.Key, subject, address.UserId, ct);
            return Outcome.Failed;
        }
    }
}

/// <summary>
/// The Hangfire entry point: one run at the current instant, holding the cluster's <see cref="ProactiveSendLock"/>
/// (shared with the reminder sweep, so the app-wide send rate is one limiter's); it waits out a running sweep.
/// </summary>
public sealed class SemesterSummaryHangfireJob(SemesterSummaryJob job, ProactiveSendLock sendLock, TeamsRateLimiter limiter,
    ReminderOptions options, TimeProvider time)
{
    [AutomaticRetry(Attempts = 3)] // safe: the outbox skips what was already sent
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var held = sendLock.TryAcquire(options.SweepBudget + TimeSpan.FromMinutes(1))
                         ?? throw new InvalidOperationException("The proactive-send lock stayed taken; Hangfire retries the summary later.");
        await job.RunAsync(time.GetUtcNow(), cancellationToken);
        await limiter.QuietAsync(cancellationToken);
    }
}

/// <summary>Registers one recurring job per configured date, at the configured time in America/Santiago.</summary>
internal sealed class SemesterSummaryJobRegistration(IRecurringJobManager jobs, SummaryOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, cron) in SummarySchedule.Crons(options))
        {
            jobs.AddOrUpdate<SemesterSummaryHangfireJob>(id, job => job.RunAsync(CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = ChileTime.Zone });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SummarySchedule
{
    /// <summary>("semester-summary-07-31", "0 9 31 7 *") per configured date; a malformed date stops the start-up.</summary>
    public static IReadOnlyList<(string Id, string Cron)> Crons(SummaryOptions options)
    {
        if (!TimeOnly.TryParseExact(options.TimeOfDay, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
        {
            throw new InvalidOperationException($"Summaries:TimeOfDay '{options.TimeOfDay}' is not HH:mm.");
        }
        return options.Dates.Select(d =>
        {
            if (!DateOnly.TryParseExact("2024-" + d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new InvalidOperationException($"Summaries:Dates '{d}' is not MM-dd.");
            }
            var cron = $"{at.Minute} {at.Hour} {date.Day} {date.Month} *";
            Cronos.CronExpression.Parse(cron); // validated with the same parser family Hangfire uses
            return ("semester-summary-" + d, cron);
        }).ToList();
    }
}
