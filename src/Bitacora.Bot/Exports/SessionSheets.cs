using Bitacora.Bot.Coordination;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Exports;

/// <summary>
/// Session answers (guide → stage → component → question, answer, note, who, when), participation (one row per session
/// and participant) and rubric scores with their evidence, for the sessions of the scope's period and the rubric of its
/// school year. Reads: sessions per territory partition, answers per session partition, rubric per unit and year.
/// </summary>
public sealed class SessionSheets(CoordinationReader reader, AnswerRepository answers, RubricScoreRepository rubric, GuideCatalog guides,
    ExportTexts texts)
{
    public async Task<ExportSheet> AnswersAsync(CoordinationScope scope, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        foreach (var s in await reader.SessionsAsync(scope, ct))
        {
            var session = s.Session;
            var guide = guides.Find(session.GuideId);
            var order = guide?.Questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal)
                        ?? new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var a in (await answers.GetAnswersAsync(session.Id, ct))
                         .OrderBy(a => order.GetValueOrDefault(a.QuestionId, int.MaxValue)).ThenBy(a => a.QuestionId, StringComparer.Ordinal))
            {
                var question = guide?.FindQuestion(a.QuestionId);
                var section = guide?.SectionOf(a.QuestionId);
                var stage = section?.Stage is { } stageId ? guide!.FindStage(stageId)?.Title : null;
                rows.Add(
                [
                    s.Territory.Id, (long)session.Number, session.Date, session.Unit?.Name, guide?.Title ?? session.GuideId, stage, section?.Title,
                    question is null ? a.QuestionId : Lead(question), question is null ? a.Value.ToJson() : a.Value.Display(question), a.Note,
                    a.Respondent.Name, CommitmentSheets.Local(a.AnsweredAt), session.Id,
                ]);
            }
        }
        return new ExportSheet(texts["sheet.answers"], texts["file.answers"], ExportColumns.Answers(texts), rows);
    }

    public async Task<ExportSheet> ParticipationAsync(CoordinationScope scope, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        foreach (var s in await reader.SessionsAsync(scope, ct))
        {
            var session = s.Session;
            var guide = guides.Find(session.GuideId)?.Title ?? session.GuideId;
            var people = s.Participants.Count == 0
                ? [new Participant("", "")]
                : s.Participants.OrderBy(p => p.Name, StringComparer.Create(Sessions.Flow.ChileTime.Culture, true)).ToList();
            foreach (var p in people)
            {
                rows.Add(
                [
                    s.Territory.Id, (long)session.Number, session.Date, session.Unit is { } u ? Registry.Identifiers.UnitCode.TryParse(u.Id, out var code) ? code.Display : u.Id : null,
                    session.Unit?.Name, guide, texts.SessionStatus(session.Status), p.Name.Length == 0 ? null : p.Name, (long)s.AnswerCount, session.Id,
                ]);
            }
        }
        return new ExportSheet(texts["sheet.participation"], texts["file.participation"], ExportColumns.Participation(texts), rows);
    }

    public async Task<ExportSheet> RubricAsync(CoordinationScope scope, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        foreach (var unit in await reader.UnitsAsync(scope, ct))
        {
            foreach (var guide in guides.Guides.Where(g => g.Rubric is not null))
            {
                var scores = await rubric.GetScoresAsync(unit.Code.Id, scope.Period.SchoolYear, guide.Rubric!.Id, ct);
                foreach (var criterion in guide.Rubric.Criteria)
                {
                    if (scores.FirstOrDefault(s => s.CriterionId == criterion.Id) is not { } score)
                    {
                        continue;
                    }
                    rows.Add(
                    [
                        unit.TerritoryId, unit.Code.Display, unit.Name, score.Period, guide.Rubric.Title, criterion.Title,
                        guide.Rubric.FindLevel(score.LevelId)?.Title ?? score.LevelId, score.Evidence, score.ScoredBy.Name, CommitmentSheets.Local(score.ScoredAt),
                    ]);
                }
            }
        }
        return new ExportSheet(texts["sheet.rubric"], texts["file.rubric"], ExportColumns.Rubric(texts), rows);
    }

    private static string Lead(GuideQuestion question) =>
        string.IsNullOrWhiteSpace(question.Lead) ? question.Text : question.Lead + " " + question.Text;
}
