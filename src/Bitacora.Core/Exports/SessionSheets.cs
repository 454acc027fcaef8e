using Bitacora.Bot.Attendance;
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

    /// <summary>
    /// One row per session and person: everyone who took part (answered or clicked) and everyone marked present
    /// (Attendance/: ticked on a card, typed by name, or seen in the Teams meeting), with «Presente» (Sí/No — empty when
    /// nobody recorded attendance for that session) and who recorded it.
    /// </summary>
    public async Task<ExportSheet> ParticipationAsync(CoordinationScope scope, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        foreach (var s in await reader.SessionsAsync(scope, ct))
        {
            var session = s.Session;
            var guide = guides.Find(session.GuideId)?.Title ?? session.GuideId;
            var unitCode = session.Unit is { } u ? Registry.Identifiers.UnitCode.TryParse(u.Id, out var code) ? code.Display : u.Id : null;
            foreach (var (name, entry) in People(s))
            {
                rows.Add(
                [
                    s.Territory.Id, (long)session.Number, session.Date, unitCode, session.Unit?.Name, guide, texts.SessionStatus(session.Status),
                    name, (long)s.AnswerCount, s.Present.Count == 0 ? null : texts[entry is null ? "attendance.absent" : "attendance.present"],
                    entry is null ? null : entry.Marked == true ? entry.MarkedBy : entry.Joined ? texts["attendance.teamsMeeting"] : null, session.Id,
                ]);
            }
        }
        return new ExportSheet(texts["sheet.participation"], texts["file.participation"], ExportColumns.Participation(texts), rows);
    }

    /// <summary>The session's participants and the people present who did not take part, by name; one empty row when nobody.</summary>
    private static IEnumerable<(string? Name, AttendanceEntry? Present)> People(SessionFacts s)
    {
        var people = s.Participants.Select(p => ((string?)p.Name, s.Present.FirstOrDefault(e => e.Is(p.Id))))
            .Concat(s.Present.Where(e => !s.Participants.Any(p => e.Is(p.Id))).Select(e => ((string?)e.Name, (AttendanceEntry?)e)))
            .OrderBy(x => x.Item1, StringComparer.Create(Sessions.Flow.ChileTime.Culture, true))
            .ToList();
        return people.Count == 0 ? [(null, null)] : people;
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
