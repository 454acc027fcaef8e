using System.Text.Json.Nodes;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Files;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Summaries;

/// <summary>What one run did.</summary>
public sealed record SummaryRunReport(string Period, int Sent, int AlreadySent, int Unreachable, int Failed, int WaitingForComments = 0)
{
    public override string ToString() =>
        $"{Period}: sent {Sent}, already sent {AlreadySent}, unreachable {Unreachable}, failed {Failed}, waiting for comments {WaitingForComments}";
}

/// <summary>
/// Sends the semester feedback summary: to each unit's directive contacts who have a 1:1 chat with the bot (the unit
/// card) and to the territorial and regional coordinators registered in the territory (the territory card). Each
/// (period, subject, recipient) goes through <see cref="SummaryOutbox"/>, so running twice sends once. The list of
/// territories is the registry's (a few hundred rows at most, read once per run, not per message).
/// Each message is the summary card plus the informe sintético (.docx, delivered like the exports). An informe whose
/// «Comentarios del/la profesional» are not marked ready waits (not claimed, so a later run sends it) until the
/// deadline (<see cref="SummaryOptions.CommentsWaitDays"/> after the send date); then it goes without them, and the
/// document and the delivery say so.
/// </summary>
public sealed class SemesterSummaryJob(
    TerritoryStore territories,
    IPersonDirectory people,
    ConversationReferenceStore conversations,
    FeedbackReportBuilder reports,
    SummaryCards cards,
    SummaryOutbox outbox,
    SummaryInformes informes,
    SummaryCommentStore comments,
    SummaryTexts texts,
    CoordinationTexts coordinationTexts,
    SummaryOptions options,
    IFileDelivery files,
    IBotAdapter adapter,
    TeamsRateLimiter limiter,
    ILogger<SemesterSummaryJob> logger)
{
    public async Task<SummaryRunReport> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var (sendDate, deadline) = SummarySchedule.CurrentWindow(options, now);
        var period = ReportPeriod.SemesterOf(sendDate);
        int sent = 0, already = 0, unreachable = 0, failed = 0, waiting = 0;
        foreach (var territory in await territories.ListAllAsync(ct))
        {
            var scope = new CoordinationScope(AccessScope.Territory(territory.Id), territory.Name, [territory], null, period, true);
            var report = (await reports.BuildAsync(scope, ct)).Single();
            var members = await people.ListByTerritoryAsync(territory.Id, ct);

            foreach (var unit in report.Units)
            {
                var subject = SummarySubject.ForUnit(unit.Unit.Code.Id, territory.Id, unit.Unit.Name);
                var informe = await InformeAsync(subject, period, now, deadline, ct);
                foreach (var contact in unit.Unit.Contacts)
                {
                    var address = await FindAddressAsync(contact, members, ct);
                    Count(await DeliverAsync(period, subject.Id, address, () => cards.Unit(unit, period), informe, ct));
                }
            }
            var territorySubject = SummarySubject.ForTerritory(territory.Id, territory.Name);
            var territoryInforme = await InformeAsync(territorySubject, period, now, deadline, ct);
            foreach (var coordinator in members.Where(p => p.Roles.CoordinatedTerritories.Contains(territory.Id)
                                                           || p.Roles.CoordinatedRegions.Contains(territory.RegionCode)))
            {
                var address = coordinator.TeamsUserId is { } id ? await conversations.GetUserAsync(id, ct) : null;
                Count(await DeliverAsync(period, territorySubject.Id, address, () => cards.Territory(report, period), territoryInforme, ct));
            }
        }
        var result = new SummaryRunReport(period.Key, sent, already, unreachable, failed, waiting);
        logger.LogInformation("Semester summary: {Report}", result);
        return result;

        void Count(Outcome outcome)
        {
            switch (outcome)
            {
                case Outcome.Sent: sent++; break;
                case Outcome.AlreadySent: already++; break;
                case Outcome.Unreachable: unreachable++; break;
                case Outcome.Waiting: waiting++; break;
                default: failed++; break;
            }
        }
    }

    private enum Outcome { Sent, AlreadySent, Unreachable, Failed, Waiting }

    /// <summary>What goes with a subject's card: its informe (lazily built once per subject), or null while it waits for comments.</summary>
    private sealed record Informe(Func<Task<(string Name, string FileName, byte[] Content)?>> Build, string Description);

    private async Task<Informe?> InformeAsync(SummarySubject subject, ReportPeriod period, DateTimeOffset now, DateTimeOffset deadline, CancellationToken ct)
    {
        var comment = await comments.GetAsync(period.Key, subject.Id, ct);
        if (comment is not { Ready: true } && now < deadline) return null;
        SummaryDocument.CommentsPart part = comment is { Ready: true } ready
            ? new SummaryDocument.CommentsPart.Written(ready)
            : new SummaryDocument.CommentsPart.Missed(deadline);
        var description = part is SummaryDocument.CommentsPart.Written
            ? texts.Format(SummaryTexts.DeliveryWith, subject.Label(coordinationTexts), coordinationTexts.Period(period))
            : texts.Format(SummaryTexts.DeliveryWithout, subject.Label(coordinationTexts), coordinationTexts.Period(period), ChileTime.Moment(deadline));
        Task<(string, string, byte[])?>? built = null;
        return new Informe(() => built ??= informes.BuildAsync(subject, period, part, now, ct), description);
    }

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

    private async Task<Outcome> DeliverAsync(ReportPeriod period, string subject, UserAddress? address, Func<JsonObject> card, Informe? informe,
        CancellationToken ct)
    {
        // Only people who opened a 1:1 chat with the bot: a summary of a unit is not for a group conversation.
        if (address?.PersonalConversationId is not { } conversationId)
        {
            return Outcome.Unreachable;
        }
        if (informe is null)
        {
            return Outcome.Waiting;
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
            var document = await informe.Build();
            await adapter.ContinueConversationAsync(reference, async (turn, token) =>
            {
                activityId = (await turn.SendActivityAsync(Activity.CreateCard(card()), token)).Id;
                if (document is var (_, fileName, content))
                {
                    await files.DeliverAsync(turn, fileName, SummaryDocument.ContentType, content, informe.Description, token);
                }
            }, ct);
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
