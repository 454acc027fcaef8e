using Bitacora.Bot.Documents;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook.Document;

/// <summary>
/// The period logbook as the Word document the institution keeps, laid out like the JUNJI seed: cover; Antecedentes
/// (territory, units, staffing); Organización; Planificación (A–D, the table of topics with where each was addressed,
/// the total of projected CAETT); one page per «Registro Comunidad de Aprendizaje N°k»; Evaluación. Dates in es-CL.
/// </summary>
public sealed class LogbookDocument(LogbookTexts texts)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public string FileName(Logbook logbook) => texts.Format(LogbookTexts.DocFileName, logbook.Key.TerritoryId, logbook.Key.Period);

    public byte[] Build(LogbookView view, DateTimeOffset generatedAt)
    {
        var logbook = view.Logbook;
        using var doc = new DocxBuilder(texts[LogbookTexts.DocCover]);
        var answers = view.Answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        string Value(GuideQuestion q) =>
            answers.GetValueOrDefault(q.Id) is { Value.IsEmpty: false } a ? a.Value.Display(q) : texts[LogbookTexts.DocNoAnswer];

        // Cover
        doc.Title(texts[LogbookTexts.DocCover])
            .Paragraph(view.Guide.Source.Publisher ?? "", subtle: true)
            .Heading(texts.Format(LogbookTexts.DocCoverTerritory, logbook.TerritoryName))
            .Paragraph(texts.Format(LogbookTexts.DocCoverPeriod, logbook.Key.Period), bold: true)
            .Paragraph(texts.Format(LogbookTexts.DocGenerated, ChileTime.LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(generatedAt, ChileTime.Zone).DateTime))), subtle: true);

        var sections = view.Period.Sections;
        void QuestionTable(GuideSection section) =>
            doc.Table([.. section.Questions.Select(q => (IReadOnlyList<string>)[Label(q), Value(q)])], header: false, widthsPercent: [45, 55]);

        // Antecedentes
        doc.PageBreak().Heading(texts[LogbookTexts.DocAntecedentes]);
        foreach (var section in sections.Where(s => s.Kind == SectionKind.Background))
        {
            doc.Heading(section.Title, 2);
            if (section.Description is { } d) doc.Paragraph(d, subtle: true);
            QuestionTable(section);
        }

        // Organización
        foreach (var section in sections.Where(s => s.Kind == SectionKind.Organization))
        {
            doc.PageBreak().Heading(section.Title);
            if (section.Description is { } d) doc.Paragraph(d, subtle: true);
            QuestionTable(section);
        }

        // Planificación (A–D) and the organisation of the communities (topics, total)
        doc.PageBreak().Heading(texts[LogbookTexts.DocPlanning]);
        foreach (var section in sections.Where(s => s.Kind is SectionKind.Planning or SectionKind.Implementation))
        {
            doc.Heading(section.Title, 2);
            if (section.Description is { } d) doc.Paragraph(d, subtle: true);
            string? lastLead = null;
            foreach (var q in section.Questions)
            {
                if (q.Kind == QuestionKind.Table)
                {
                    doc.Paragraph(q.Text, bold: true);
                    doc.Table(TopicTable(view, q));
                    continue;
                }
                if (q.Lead is { } lead && lead != lastLead) doc.Paragraph(lead, bold: true);
                lastLead = q.Lead;
                doc.Paragraph(q.Text, bold: q.Lead is null).Paragraph(Value(q));
            }
        }

        // Registros N°k, one page each
        var recordSection = view.Guide.Sections.FirstOrDefault(s => s.Repeatable);
        if (view.Records.Count == 0)
        {
            doc.PageBreak().Heading(texts[LogbookTexts.DocRecordsHeading]).Paragraph(texts[LogbookTexts.DocNoRecords]);
        }
        var topics = view.TopicRows.ToDictionary(r => r.Id, LogbookView.TopicTitle, StringComparer.Ordinal);
        foreach (var record in view.Records)
        {
            doc.PageBreak().Heading(texts.Format(LogbookTexts.RecordTitle, record.Session.Number).ToUpperInvariant());
            var rows = new List<IReadOnlyList<string>>();
            foreach (var q in recordSection?.Questions ?? [])
            {
                var value = record.Value(view.Guide, q.Id) ?? q.Id switch
                {
                    RecordFields.Date => ChileTime.LongDate(record.Session.Date),
                    RecordFields.Objective => record.Session.Objective,
                    RecordFields.Strategy => record.Session.Strategy,
                    _ => null,
                } ?? texts[LogbookTexts.DocNoAnswer];
                rows.Add([q.Text, value]);
            }
            var addressed = record.TopicRowIds.Select(id => topics.GetValueOrDefault(id)).OfType<string>().ToList();
            if (addressed.Count > 0) rows.Add([texts[LogbookTexts.DocTopicsAddressed], string.Join("\n", addressed)]);
            doc.Table(rows, header: false, widthsPercent: [30, 70]);
        }

        // Evaluación
        foreach (var section in sections.Where(s => s.Kind == SectionKind.Evaluation))
        {
            doc.PageBreak().Heading(texts[LogbookTexts.DocEvaluation]);
            foreach (var q in section.Questions)
            {
                doc.Paragraph(q.Text, bold: true).Paragraph(Value(q));
            }
        }
        return doc.ToArray();
    }

    private IReadOnlyList<IReadOnlyList<string>> TopicTable(LogbookView view, GuideQuestion question)
    {
        var addressed = view.AddressedIn();
        var rows = new List<IReadOnlyList<string>>
        {
            (IReadOnlyList<string>)[.. question.Columns.Select(c => c.Title), texts[LogbookTexts.DocAddressedColumn]],
        };
        var answer = view.Answers.FirstOrDefault(a => a.QuestionId == question.Id)?.Value as TableAnswer;
        foreach (var row in answer is { Rows.IsDefault: false } t ? t.Rows : [])
        {
            rows.Add([.. question.Columns.Select(c => Cell(c, row.Cells.GetValueOrDefault(c.Id))), addressed.GetValueOrDefault(row.Id) ?? ""]);
        }
        return rows;
    }

    private static string Cell(TableColumn column, string? raw) =>
        column.Kind == ColumnKind.Date && DateOnly.TryParseExact(raw, "yyyy-MM-dd", out var d) ? ChileTime.LongDate(d) : raw ?? "";

    private static string Label(GuideQuestion q) => q.Text;
}
