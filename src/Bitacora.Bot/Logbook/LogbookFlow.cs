using System.Text.Json.Nodes;
using Bitacora.Bot.Files;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// The logbook behind its commands and card buttons: a JUNJI meeting start becomes the logbook's next record (the record
/// card: N°k, what the previous record projected, open commitments, topics to tick); the logbook card walks its steps
/// (background → topics, evaluation) with history; «Descargar» builds the Word document.
/// </summary>
public sealed class LogbookFlow(
    LogbookService service,
    LogbookSteps steps,
    LogbookCards cards,
    LogbookTexts texts,
    SessionTexts sessionTexts,
    LogbookDocument document,
    IFileDelivery files,
    GuideCatalog guides,
    SessionRepository sessions,
    IServiceProvider services,
    TimeProvider time,
    ILogger<LogbookFlow> logger) : ILogbookRecordStarter
{
    // ---------- the record that opens each meeting ----------

    public async Task<CardActionResult> StartRecordAsync(CardActionContext ctx, Guide guide, ResolvedScope scope, DateOnly date, StartForm form,
        CancellationToken ct)
    {
        var (logbook, record) = await service.StartRecordAsync(guide, scope, date, form.Objective, form.Strategy,
            SessionClicks.ParticipantOf(ctx.Turn), ctx.Turn.Activity.Conversation?.Id, ct, form.Claim);
        logger.LogInformation("Logbook {LogbookId}: record N°{Number} started as session {SessionId}", logbook.Key.Id, record.Number, record.Id);
        return new ReplaceCard(await RecordCardAsync(logbook, guide, record, texts.Format(LogbookTexts.RecordCreated, record.Number, logbook.Key.Period), ct));
    }

    private async Task<JsonObject> RecordCardAsync(Logbook logbook, Guide guide, Session record, string? notice, CancellationToken ct)
    {
        var view = await ViewAsync(logbook, guide, ct);
        var current = view.Records.FirstOrDefault(r => r.Session.Id == record.Id) ?? await service.RecordAsync(record, ct);
        var open = await service.OpenCommitmentsAsync(view.Records.Select(r => r.Session).Where(s => s.Id != record.Id), ct);
        return cards.Record(view, current, open, notice);
    }

    /// <summary>«Abrir el registro N°k» (also from the logbook card): saves the ticked topics, then the meeting's section card.</summary>
    public async Task<CardActionResult> OpenRecordAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (await RecordOfAsync(ctx, ct) is not { } record) return new Refused(texts[LogbookTexts.RefuseBadCard]);
        if (record.ConversationId != ctx.Turn.Activity.Conversation?.Id) return new Refused(texts[LogbookTexts.RefuseOtherConversation]);
        var notice = await SaveTopicsAsync(ctx, record, ct);
        var flow = services.GetRequiredService<MeetingFlow>();
        var guide = guides.FindForMeeting(record.GuideId)!;
        return new ReplaceCard(record.Status == SessionStatus.Finished
            ? await flow.SummaryCardAsync(record, guide, notice, ct)
            : await flow.SectionCardAsync(record, guide, record.CurrentSectionIndex, SectionFeedback.Note(notice), ct));
    }

    private async Task<string?> SaveTopicsAsync(CardActionContext ctx, Session record, CancellationToken ct)
    {
        if (ctx.Data["topics"] is null || record.Status == SessionStatus.Finished) return null;
        var ids = (ctx.GetString("topics") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var current = await service.RecordAsync(record, ct);
        if (current.TopicRowIds.Order(StringComparer.Ordinal).SequenceEqual(ids.Order(StringComparer.Ordinal))) return null;
        await service.SetTopicsAsync(record, ids, SessionClicks.ParticipantOf(ctx.Turn), ct);
        return texts[LogbookTexts.RecordTopicsSaved];
    }

    private async Task<Session?> RecordOfAsync(CardActionContext ctx, CancellationToken ct) =>
        ctx.GetString("sessionId") is { Length: > 0 } id && await sessions.GetAsync(id, ct) is { Logbook: not null } s ? s : null;

    // ---------- the logbook card ----------

    /// <summary>«Completar / Ver la bitácora del periodo», «Evaluación del periodo»: the logbook card at a step.</summary>
    public async Task<CardActionResult> OpenAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (await LoadAsync(ctx, ct) is not var (logbook, guide)) return new Refused(texts[LogbookTexts.RefuseBadCard]);
        var record = await RecordOfAsync(ctx, ct);
        string? notice = null;
        if (record is not null && record.ConversationId == ctx.Turn.Activity.Conversation?.Id) notice = await SaveTopicsAsync(ctx, record, ct);
        return new ReplaceCard(await LogbookCardAsync(logbook, guide, ctx.GetString("to"), record, notice, false, ct));
    }

    public async Task<CardActionResult> SaveAsync(CardActionContext ctx, CancellationToken ct) => await SaveAndAsync(ctx, null, ct);

    public async Task<CardActionResult> StepAsync(CardActionContext ctx, CancellationToken ct) =>
        await SaveAndAsync(ctx, ctx.GetString("to") is { Length: > 0 } to ? to : ctx.GetString("goto"), ct);

    public Task<CardActionResult> FilledAsync(CardActionContext ctx, CancellationToken ct) =>
        SaveAndAsync(ctx, null, ct, async (key, by) =>
        {
            await service.MarkFilledAsync(key, by, ct);
            return texts[LogbookTexts.FilledNotice];
        });

    public Task<CardActionResult> EvaluatedAsync(CardActionContext ctx, CancellationToken ct) =>
        SaveAndAsync(ctx, null, ct, async (key, by) =>
        {
            await service.MarkEvaluatedAsync(key, by, ct);
            return texts[LogbookTexts.EvaluatedNotice];
        });

    /// <summary>Saves the step's inputs; stays on the step when one is wrong, else goes to <paramref name="target"/> and runs <paramref name="then"/>.</summary>
    private async Task<CardActionResult> SaveAndAsync(CardActionContext ctx, string? target, CancellationToken ct,
        Func<LogbookKey, Participant, Task<string>>? then = null)
    {
        if (await LoadAsync(ctx, ct) is not var (logbook, guide)) return new Refused(texts[LogbookTexts.RefuseBadCard]);
        var record = await RecordOfAsync(ctx, ct);
        var by = SessionClicks.ParticipantOf(ctx.Turn);
        var stepId = ctx.GetString("stepId") ?? "";
        var save = guide.PeriodView().FindSection(stepId) is { } step
            ? await steps.SaveAsync(logbook.Key, guide, step, ctx.Data, by, ct)
            : StepSave.Nothing;
        var notice = SavedNotice(save);
        if (save.NeedsAttention)
        {
            // Stay on the step: what was typed stays in the form, conflicts show both values (keep mine / keep theirs).
            return new ReplaceCard(await LogbookCardAsync(logbook, guide, stepId, record, notice, true, ct, save));
        }
        if (then is not null) notice = (save.Saved > 0 ? notice + " " : "") + await then(logbook.Key, by);
        logbook = await service.GetAsync(logbook.Key, ct) ?? logbook;
        return new ReplaceCard(await LogbookCardAsync(logbook, guide, target ?? stepId, record, notice, save.RegistryProblems.Count > 0, ct));
    }

    private string SavedNotice(StepSave save)
    {
        var text = save.Errors.Count > 0 ? texts.Format(LogbookTexts.SavedSomeInvalid, save.Saved, save.Errors.Count)
            : save.Conflicts.Count > 0 ? sessionTexts.Format(SessionTexts.AnswerConflicts, save.Conflicts.Count)
            : save.Saved == 0 ? texts[LogbookTexts.SavedNone] : texts.Plural(LogbookTexts.SavedCount, save.Saved);
        if (save.RegistryUpdated) text += " " + texts[LogbookTexts.SavedRegistry];
        if (save.RegistryProblems.Count > 0) text += " " + texts.Format(LogbookTexts.SavedRegistryProblem, string.Join(" ", save.RegistryProblems));
        return text;
    }

    public async Task<JsonObject> LogbookCardAsync(Logbook logbook, Guide guide, string? stepId, Session? record, string? notice, bool isError,
        CancellationToken ct, StepSave? feedback = null)
    {
        var view = await ViewAsync(logbook, guide, ct);
        return cards.Logbook(view, stepId ?? "", record, notice, isError, feedback);
    }

    private async Task<(Logbook, Guide)?> LoadAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (LogbookKey.Parse(ctx.GetString("logbookId")) is not { } key || guides.Find(key.GuideId) is not { IsLogbook: true } guide) return null;
        return await service.GetAsync(key, ct) is { } logbook ? (logbook, guide) : null;
    }

    public Task<LogbookView> ViewAsync(Logbook logbook, Guide guide, CancellationToken ct) => service.ViewAsync(logbook, guide, ct);

    // ---------- the document ----------

    public async Task<CardActionResult> DownloadAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (await LoadAsync(ctx, ct) is not var (logbook, guide)) return new Refused(texts[LogbookTexts.RefuseBadCard]);
        await SendDocumentAsync(ctx.Turn, logbook, guide, ct);
        return new Handled();
    }

    public async Task SendDocumentAsync(ITurnContext turn, Logbook logbook, Guide guide, CancellationToken ct)
    {
        var view = await ViewAsync(logbook, guide, ct);
        var bytes = document.Build(view, time.GetUtcNow());
        var size = texts.Format(LogbookTexts.DownloadFile, view.Records.Count, Math.Max(1, bytes.Length / 1024));
        await files.DeliverAsync(turn, document.FileName(logbook), LogbookDocument.ContentType, bytes,
            texts.Format(LogbookTexts.DownloadReady, logbook.TerritoryName, logbook.Key.Period, size), ct);
    }
}
