using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The informe sintético of one subject: its report (the same builder as the cards), its comments, its Word document.
/// Used by the comments card, its «Descargar informe» and the scheduled send.
/// </summary>
public sealed class SummaryInformes(TerritoryStore territories, UnitStore units, FeedbackReportBuilder reports, SummaryCommentStore comments,
    SummaryDocument document)
{
    public async Task<SummarySubject?> ParseAsync(string? subject, CancellationToken ct)
    {
        if (subject?.StartsWith(SummarySubject.TerritoryPrefix, StringComparison.Ordinal) == true)
        {
            return await territories.GetAsync(subject[SummarySubject.TerritoryPrefix.Length..], ct) is { } t ? SummarySubject.ForTerritory(t.Id, t.Name) : null;
        }
        if (subject?.StartsWith(SummarySubject.UnitPrefix, StringComparison.Ordinal) == true
            && UnitCode.TryParse(subject[SummarySubject.UnitPrefix.Length..], out var code) && await units.GetAsync(code, ct) is { } u)
        {
            return SummarySubject.ForUnit(u.Code.Id, u.TerritoryId, $"{u.Name} ({u.Code.Display})");
        }
        return null;
    }

    /// <summary>A coordination filter as a subject: one unit, or one territory; null for a region.</summary>
    public static SummarySubject? Of(CoordinationScope scope) =>
        scope.Unit is { } unit ? SummarySubject.ForUnit(unit.Code.Id, unit.TerritoryId, $"{unit.Name} ({unit.Code.Display})")
        : scope.Access.Kind == ScopeKind.Territory && scope.Territories.Count == 1
            ? SummarySubject.ForTerritory(scope.Territories[0].Id, scope.Territories[0].Name)
        : null;

    /// <summary>The display name and the file of the subject's informe for <paramref name="period"/>.</summary>
    public async Task<(string Name, string FileName, byte[] Content)?> BuildAsync(SummarySubject subject, ReportPeriod period,
        SummaryDocument.CommentsPart? commentsPart, DateTimeOffset now, CancellationToken ct)
    {
        if (await territories.GetAsync(subject.TerritoryId, ct) is not { } territory) return null;
        var unit = subject.UnitId is { } id && UnitCode.TryParse(id, out var code) ? await units.GetAsync(code, ct) : null;
        var scope = new CoordinationScope(subject.Scope, territory.Name, [territory], unit, period, true);
        var report = (await reports.BuildAsync(scope, ct)).Single();
        commentsPart ??= await comments.GetAsync(period.Key, subject.Id, ct) is { Ready: true } ready
            ? new SummaryDocument.CommentsPart.Written(ready)
            : new SummaryDocument.CommentsPart.Pending();
        if (unit is null)
        {
            return (territory.Name, document.FileName(subject, period), document.Territory(report, period, commentsPart, now));
        }
        var unitReport = report.Units.FirstOrDefault(u => u.Unit.Code.Id == unit.Code.Id)
                         ?? new UnitReport(unit, 0, 0, 0, 0, 0, [], [], 0, 0, []);
        return (unit.Name, document.FileName(subject, period), document.Unit(unitReport, period, commentsPart, now));
    }
}

/// <summary>
/// «informe sintético unidad junji 16101001» / «informe sintético territorio 16-1» [periodo 2026-1]: the card where the
/// adviser drafts the «Comentarios del/la profesional» of that informe (current semester by default).
/// </summary>
public sealed class SummaryCommentsCommand(CoordinationServices services, SummaryCommentFlow flow, SummaryTexts texts, ChileTime clock) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["informe sintético", "comentarios del informe"];

    public AccessRule Rule => AccessRule.Require(Policies.DraftSummaryComments)
        .ScopedBy((request, ct) => services.Resolver.LookupAsync(request, services.Texts, null, ct));

    public async Task HandleAsync(CommandContext context, CancellationToken ct)
    {
        var scope = context.Access.TargetAs<CoordinationScope>();
        if (scope is null || SummaryInformes.Of(scope) is not { } subject)
        {
            await context.Turn.SendTextAsync(texts[SummaryTexts.CommandUsage], ct);
            return;
        }
        var period = scope.PeriodGiven ? scope.Period : ReportPeriod.SemesterOf(clock.Today);
        await context.Turn.SendActivityAsync(Activity.CreateCard(await flow.CardAsync(subject, period, null, false, null, ct)), ct);
    }
}

/// <summary>The comments card's buttons: «Guardar borrador», «Listos para enviar», «Descargar informe (.docx)».</summary>
public sealed class SummaryCommentAction(string verb, SummaryCommentFlow flow, SummaryInformes informes) : ICardAction
{
    public const string Save = "summary.comments.save";
    public const string Ready = "summary.comments.ready";
    public const string Download = "summary.document";

    public static readonly string[] Verbs = [Save, Ready, Download];

    public string Verb => verb;

    /// <summary>The territorial team of the informe's unit or territory; the write itself is ETag-conditional.</summary>
    public AccessRule Rule => AccessRule.Require(Policies.DraftSummaryComments).ScopedBy(async (request, ct) =>
        await informes.ParseAsync(request.Field("subject"), ct) is { } subject ? new ScopeLookup.Found(subject.Scope, subject) : ScopeLookup.None);

    public Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        flow.HandleAsync(verb, context, cancellationToken);
}

/// <summary>The comments card: render, save (draft / ready, ETag-conditional, a lost race keeps what was typed), download.</summary>
public sealed class SummaryCommentFlow(SummaryInformes informes, SummaryCommentStore store, SummaryTexts texts, CoordinationTexts coordinationTexts,
    CardCatalog cards, SummaryOptions options, IFileDelivery files, TimeProvider time)
{
    public const string Template = "summary-comments";
    public const int MaxChars = 4000;

    public async Task<CardActionResult> HandleAsync(string verb, CardActionContext ctx, CancellationToken ct)
    {
        if (await informes.ParseAsync(ctx.GetString("subject"), ct) is not { } subject
            || !ReportPeriod.TryParse(ctx.GetString("period"), out var period) || period is null)
        {
            return new Refused(texts[SummaryTexts.RefuseBadCard]);
        }
        if (verb == SummaryCommentAction.Download)
        {
            var built = await informes.BuildAsync(subject, period, null, time.GetUtcNow(), ct);
            if (built is not { } b) return new Refused(texts[SummaryTexts.RefuseBadCard]);
            // Before the send the comments may still be a draft: the description says what the file really holds.
            var isReady = await store.GetAsync(period.Key, subject.Id, ct) is { Ready: true };
            await files.DeliverAsync(ctx.Turn, b.FileName, SummaryDocument.ContentType, b.Content,
                texts.Format(isReady ? SummaryTexts.DeliveryWith : SummaryTexts.DeliveryPreview, subject.Label(coordinationTexts), coordinationTexts.Period(period)), ct);
            return new Handled();
        }
        var typed = (ctx.GetString("comments") ?? "").Trim();
        if (typed.Length == 0 || typed.Length > MaxChars)
        {
            // Too long: said in numbers (not «write them first»), and the text stays in the box to be shortened.
            var problem = typed.Length == 0 ? texts[SummaryTexts.CardEmpty]
                : texts.Format(SummaryTexts.CardTooLong, typed.Length.ToString("N0", ChileTime.Culture), MaxChars.ToString("N0", ChileTime.Culture));
            return new ReplaceCard(await CardAsync(subject, period, problem, true, typed, ct));
        }
        var by = SessionClicks.ParticipantOf(ctx.Turn);
        var ready = verb == SummaryCommentAction.Ready;
        var saved = await store.TrySaveAsync(new SummaryComment(period.Key, subject.Id, typed, ready, by.Name, time.GetUtcNow()),
            ctx.GetString("etag"), ct);
        if (saved is null)
        {
            // Someone saved another version since this card was rendered: show theirs, keep what was typed.
            var current = await store.GetAsync(period.Key, subject.Id, ct);
            var notice = texts.Format(SummaryTexts.CardConflict, current?.UpdatedBy, Shorten(current?.Text ?? ""));
            return new ReplaceCard(await CardAsync(subject, period, notice, true, typed, ct));
        }
        return new ReplaceCard(await CardAsync(subject, period, texts[ready ? SummaryTexts.CardReady : SummaryTexts.CardSaved], false, null, ct));
    }

    public async Task<JsonObject> CardAsync(SummarySubject subject, ReportPeriod period, string? notice, bool isError, string? typed, CancellationToken ct)
    {
        var current = await store.GetAsync(period.Key, subject.Id, ct);
        var status = current is null ? texts[SummaryTexts.CardStatusNone]
            : texts.Format(current.Ready ? SummaryTexts.CardStatusReady : SummaryTexts.CardStatusDraft, current.UpdatedBy, ChileTime.Moment(current.UpdatedAt));
        var window = SummarySchedule.WindowOf(options, period);
        return cards.Render(Template, new JsonObject
        {
            ["title"] = texts.Format(SummaryTexts.CardTitle, coordinationTexts.Period(period)),
            ["subject"] = subject.Label(coordinationTexts),
            ["status"] = status,
            ["schedule"] = window is var (send, deadline) ? texts.Format(SummaryTexts.CardSchedule, ChileTime.Moment(send), ChileTime.Moment(deadline)) : "",
            ["notice"] = notice ?? "",
            ["noticeIsError"] = isError,
            ["text"] = typed ?? current?.Text ?? "",
            ["maxChars"] = MaxChars,
            ["subjectId"] = subject.Id,
            ["period"] = period.Key,
            ["etag"] = current?.ETag ?? "",
        });
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
