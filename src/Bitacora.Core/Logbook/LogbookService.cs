using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Territories;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook;

/// <summary>A record N°k of a logbook: its session and answers, and the topic rows it addressed.</summary>
public sealed record LogbookRecord(Session Session, IReadOnlyList<Answer> Answers, IReadOnlyList<string> TopicRowIds)
{
    public string? Value(Guide guide, string questionId) =>
        Answers.FirstOrDefault(a => a.QuestionId == questionId) is { Value.IsEmpty: false } a && guide.FindQuestion(questionId) is { } q
            ? a.Value.Display(q)
            : null;
}

/// <summary>
/// The period logbook's rules: open it (creating and prefilling it the first time), start its next record, read it
/// whole (cards, document). Answers use <see cref="AnswerRepository"/> under the logbook id, so every edit keeps its
/// history and is ETag-conditional exactly like a session's.
/// </summary>
public sealed class LogbookService(
    LogbookStore store,
    AnswerRepository answers,
    SessionRepository sessions,
    TerritoryStore territories,
    RegistryFields registryFields,
    ISessionCommitmentsSource commitments,
    TimeProvider time)
{
    /// <summary>Who «answered» what a new logbook took from the territory registry.</summary>
    public static readonly Participant RegistrySource = new("registro-territorios", "Registro de territorios");

    public Task<Logbook?> GetAsync(LogbookKey key, CancellationToken ct) => store.GetAsync(key, ct);

    /// <summary>
    /// The logbook of a guide, territory and period; created on first use with the registry's background and, for
    /// sessions stored before logbooks existed, their period answers (newest first) and their count as records.
    /// </summary>
    public async Task<Logbook> OpenAsync(Guide guide, SessionScope territory, string period, Participant by, CancellationToken ct)
    {
        var key = new LogbookKey(guide.Id, territory.Id, period);
        if (await store.GetAsync(key, ct) is { } existing) return existing;
        var legacy = await LegacySessionsAsync(key, ct);
        var (logbook, created) = await store.GetOrAddAsync(new Logbook
        {
            Key = key,
            TerritoryName = territory.Name,
            NextRecord = legacy.Count + 1,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = by.Name,
        }, ct);
        if (created)
        {
            await PrefillAsync(key, guide, legacy, ct);
        }
        return logbook;
    }

    private async Task PrefillAsync(LogbookKey key, Guide guide, IReadOnlyList<Session> legacy, CancellationToken ct)
    {
        var period = guide.PeriodView();
        var values = new Dictionary<string, (AnswerValue Value, string? Note, Participant By)>(StringComparer.Ordinal);
        foreach (var session in legacy.OrderBy(s => s.CreatedAt))
        {
            foreach (var answer in await answers.GetAnswersAsync(session.Id, ct))
            {
                if (period.FindQuestion(answer.QuestionId) is not null && !answer.Value.IsEmpty)
                {
                    values[answer.QuestionId] = (answer.Value, answer.Note, answer.Respondent);
                }
            }
        }
        if (await territories.GetAsync(key.TerritoryId, ct) is { } territory)
        {
            foreach (var (questionId, value) in registryFields.Prefill(territory, period))
            {
                values[questionId] = (value, null, RegistrySource);
            }
        }
        foreach (var (questionId, (value, note, by)) in values)
        {
            await answers.ChangeAsync(key.Id, questionId, _ => value, note, by, guide.Version, ct);
        }
    }

    /// <summary>The JUNJI sessions of this territory and period stored before logbooks existed (no <see cref="Session.Logbook"/>).</summary>
    private async Task<IReadOnlyList<Session>> LegacySessionsAsync(LogbookKey key, CancellationToken ct) =>
        (await sessions.ListByScopeAsync(key.Scope(""), 500, ct))
        .Where(s => s.Logbook is null && s.GuideId == key.GuideId && s.Period == key.Period)
        .ToList();

    /// <summary>
    /// Starts the logbook's next record: N° from the logbook's counter (independent of DEP sessions), and the start
    /// form's date, objective and strategy stored as the record's Fecha / Objetivo / Estrategia.
    /// </summary>
    public async Task<(Logbook Logbook, Session Record)> StartRecordAsync(Guide guide, ResolvedScope scope, DateOnly date,
        string objective, string? strategy, Participant by, string? conversationId, CancellationToken ct, ConversationClaim? claim = null)
    {
        var period = SessionPeriods.ForDate(date);
        var logbook = await OpenAsync(guide, scope.Territory, period, by, ct);
        var number = await store.AllocateRecordAsync(logbook.Key, ct);
        var record = await sessions.StartAsync(new StartSession(scope.Territory, guide.Id, guide.Version, period, date, objective,
            strategy, by, conversationId, scope.Unit, logbook.Key.Id, number, claim), ct);
        var fromForm = new (string Id, AnswerValue? Value)[]
        {
            (RecordFields.Date, new DateAnswer(date)),
            (RecordFields.Objective, new TextAnswer(objective.Trim())),
            (RecordFields.Strategy, string.IsNullOrWhiteSpace(strategy) ? null : new TextAnswer(strategy.Trim())),
        };
        foreach (var (id, value) in fromForm)
        {
            if (value is not null && guide.FindQuestion(id) is not null)
            {
                await answers.ChangeAsync(record.Id, id, _ => value, null, by, guide.Version, ct);
            }
        }
        return (await store.GetAsync(logbook.Key, ct) ?? logbook, record);
    }

    /// <summary>The logbook's records (its own and the legacy ones), oldest first.</summary>
    public async Task<IReadOnlyList<Session>> RecordSessionsAsync(LogbookKey key, CancellationToken ct) =>
        (await sessions.ListByScopeAsync(key.Scope(""), 500, ct))
        .Where(s => s.Logbook == key.Id || (s.Logbook is null && s.GuideId == key.GuideId && s.Period == key.Period))
        .OrderBy(s => s.CreatedAt)
        .ToList();

    public async Task<LogbookRecord> RecordAsync(Session session, CancellationToken ct)
    {
        var list = await answers.GetAnswersAsync(session.Id, ct);
        var topics = list.FirstOrDefault(a => a.QuestionId == RecordFields.TopicsAddressed)?.Value is ChoiceAnswer { OptionIds.IsDefault: false } c
            ? c.OptionIds.ToList()
            : [];
        return new LogbookRecord(session, list, topics);
    }

    public Task<IReadOnlyList<Answer>> AnswersAsync(LogbookKey key, CancellationToken ct) => answers.GetAnswersAsync(key.Id, ct);

    public Task<IReadOnlyList<AnswerRevision>> HistoryAsync(LogbookKey key, CancellationToken ct) => answers.GetAllHistoryAsync(key.Id, ct);

    /// <summary>Open commitments recorded in any of the logbook's records, earliest accountability date first.</summary>
    public async Task<IReadOnlyList<SessionCommitmentLine>> OpenCommitmentsAsync(IEnumerable<Session> records, CancellationToken ct)
    {
        var lists = await Task.WhenAll(records.Select(r => commitments.ListAsync(r.Id, ct)));
        return lists.SelectMany(l => l).Where(c => c.IsOpen).OrderBy(c => c.DueDate).ToList();
    }

    /// <summary>Which topic rows a record addressed (its own answer, with history like any other).</summary>
    public Task<AnswerWriteResult> SetTopicsAsync(Session record, IReadOnlyList<string> rowIds, Participant by, CancellationToken ct) =>
        answers.ChangeAsync(record.Id, RecordFields.TopicsAddressed, _ => new ChoiceAnswer([.. rowIds.Distinct().Order(StringComparer.Ordinal)]),
            null, by, record.GuideVersion, ct);

    public Task<Logbook> MarkFilledAsync(LogbookKey key, Participant by, CancellationToken ct) =>
        store.UpdateAsync(key, l => l.FilledAt is null ? l with { FilledAt = time.GetUtcNow(), FilledBy = by.Name } : null, ct);

    public Task<Logbook> MarkEvaluatedAsync(LogbookKey key, Participant by, CancellationToken ct) =>
        store.UpdateAsync(key, l => l with { EvaluatedAt = time.GetUtcNow(), EvaluatedBy = by.Name }, ct);

    /// <summary>Everything the cards and the document show: answers with history, and every record with its answers.</summary>
    public async Task<LogbookView> ViewAsync(Logbook logbook, Guide guide, CancellationToken ct)
    {
        var current = AnswersAsync(logbook.Key, ct);
        var history = HistoryAsync(logbook.Key, ct);
        var records = RecordSessionsAsync(logbook.Key, ct);
        await Task.WhenAll(current, history, records);
        var recordViews = await Task.WhenAll(records.Result.Select(r => RecordAsync(r, ct)));
        return new LogbookView(logbook, guide, current.Result, history.Result, recordViews);
    }
}
