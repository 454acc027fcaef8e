using Bitacora.Bot.Documents;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook.Document;

/// <summary>
/// One session's record as a Word document (DEP and any other guide): the session's details, then per stage →
/// component a table of question, answer, note, who and when; the participants. Dates in es-CL, America/Santiago.
/// </summary>
public sealed class SessionDocument(LogbookTexts texts)
{
    public string FileName(Session session) =>
        texts.Format(LogbookTexts.DocSessionFileName, session.Unit?.Id.Replace(':', '-') ?? session.Scope.Id, session.Number);

    public byte[] Build(Session session, Guide guide, IReadOnlyList<Answer> answers, IReadOnlyList<Participant> participants)
    {
        using var doc = new DocxBuilder(guide.Title);
        doc.Title(texts.Format(LogbookTexts.DocSessionTitle, session.Number))
            .Paragraph(guide.Title, bold: true)
            .Paragraph(texts.Format(LogbookTexts.DocSessionMeta, SessionNames.ScopeName(session), ChileTime.LongDate(session.Date)));
        if (session.Objective is { } objective) doc.Paragraph(texts.Format(LogbookTexts.DocSessionObjective, objective));
        if (session.Strategy is { } strategy) doc.Paragraph(texts.Format(LogbookTexts.DocSessionStrategy, strategy));
        var byQuestion = answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        string? lastStage = null;
        foreach (var section in guide.Sections)
        {
            if (section.Stage is { } stageId && stageId != lastStage && guide.FindStage(stageId) is { } stage)
            {
                doc.Heading(texts.Format(LogbookTexts.DocStage, stage.Title));
            }
            lastStage = section.Stage;
            doc.Heading(section.Title, 2);
            var rows = new List<IReadOnlyList<string>>
            {
                (IReadOnlyList<string>)[texts[LogbookTexts.DocQuestion], texts[LogbookTexts.DocAnswer], texts[LogbookTexts.DocNote], texts[LogbookTexts.DocWho], texts[LogbookTexts.DocWhen]],
            };
            foreach (var q in section.Questions)
            {
                var a = byQuestion.GetValueOrDefault(q.Id);
                var question = q.Lead is { } lead ? $"{lead} {q.Text}" : q.Text;
                rows.Add(a is { Value.IsEmpty: false }
                    ? [question, a.Value.Display(q), a.Note ?? "", a.Respondent.Name, ChileTime.Moment(a.AnsweredAt)]
                    : [question, texts[LogbookTexts.DocNoAnswer], "", "", ""]);
            }
            doc.Table(rows, widthsPercent: [34, 30, 14, 11, 11]);
        }
        if (participants.Count > 0)
        {
            doc.Heading(texts[LogbookTexts.DocParticipants], 2)
                .Paragraph(string.Join(", ", participants.Select(p => p.Name).Distinct().Order(StringComparer.Create(ChileTime.Culture, true))));
        }
        return doc.ToArray();
    }
}
