using Bitacora.Bot.Coordination;
using Bitacora.Bot.Documents;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The informe sintético as a Word document (DocumentFormat.OpenXml, through the shared <see cref="DocxBuilder"/>):
/// per unit or per territory, the same figures as the summary card (<see cref="SummaryFigures"/>), the charts as PNG
/// images (<see cref="SummaryCharts"/>) and the «Comentarios del/la profesional» section — the adviser's text when it
/// was marked ready, else a sentence saying why there is none. es-CL dates, America/Santiago.
/// </summary>
public sealed class SummaryDocument(SummaryFigures figures, SummaryCharts charts, SummaryTexts texts, CoordinationTexts coordinationTexts)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>What the comments section says.</summary>
    public abstract record CommentsPart
    {
        private CommentsPart() { }

        public sealed record Written(SummaryComment Comment) : CommentsPart;

        /// <summary>Sent without them: the deadline passed.</summary>
        public sealed record Missed(DateTimeOffset Deadline) : CommentsPart;

        /// <summary>Downloaded before the send, not ready yet.</summary>
        public sealed record Pending : CommentsPart;
    }

    /// <summary>«informe-sintetico-territorio-16-1-2026-2.docx», «informe-sintetico-unidad-junji-16101001-2026-2.docx».</summary>
    public string FileName(SummarySubject subject, ReportPeriod period) =>
        texts.Format(SummaryTexts.DocFileName, subject.UnitId is { } unit
            ? texts.Format(SummaryTexts.DocFileUnit, unit.Replace(':', '-'))
            : texts.Format(SummaryTexts.DocFileTerritory, subject.TerritoryId), period.Key);

    public byte[] Unit(UnitReport unit, ReportPeriod period, CommentsPart comments, DateTimeOffset now) =>
        Build($"{unit.Unit.Name} ({unit.Unit.Code.Display})", period, figures.Unit(unit), [unit], unit.Components, comments, now);

    public byte[] Territory(TerritoryReport territory, ReportPeriod period, CommentsPart comments, DateTimeOffset now) =>
        Build(coordinationTexts.Format(CoordinationTexts.TerritoryHeading, territory.Territory.Id, territory.Territory.Name), period,
            figures.Territory(territory), territory.Units, territory.Components, comments, now);

    private byte[] Build(string subject, ReportPeriod period, IReadOnlyList<FigureSection> sections, IReadOnlyList<UnitReport> units,
        IReadOnlyList<ComponentTallyRow> components, CommentsPart comments, DateTimeOffset now)
    {
        using var doc = new DocxBuilder(texts[SummaryTexts.DocTitle]);
        doc.Title(texts[SummaryTexts.DocTitle])
            .Paragraph(texts.Format(SummaryTexts.DocPeriod, subject, coordinationTexts.Period(period)), bold: true)
            .Paragraph(texts.Format(SummaryTexts.DocGenerated, ChileTime.Moment(now)), subtle: true);

        doc.Heading(texts[SummaryTexts.DocFigures]);
        foreach (var section in sections)
        {
            doc.Heading(section.Heading, 2);
            if (section.Facts.Count > 0) doc.Table([.. section.Facts.Select(f => (IReadOnlyList<string>)[f.Title, f.Value])], header: false, widthsPercent: [40, 60]);
            foreach (var line in section.Lines) doc.Paragraph(line);
        }
        var commitments = charts.Commitments(units);
        var answers = charts.Components(components);
        var rubric = charts.Rubric(units);
        if (commitments is not null || answers is not null || rubric is not null)
        {
            doc.Heading(texts[SummaryTexts.DocCharts]);
        }
        if (commitments is not null)
        {
            doc.Image(commitments, SummaryCharts.Width, SummaryCharts.Height, texts.Format(SummaryTexts.DocChartAlt, charts.CommitmentsTitle));
        }
        if (answers is not null)
        {
            var (w, h) = SummaryCharts.SizeOf(answers);
            doc.Image(answers, w, h, texts.Format(SummaryTexts.DocChartAlt, charts.ComponentsTitle));
        }
        if (rubric is { } r)
        {
            var (w, h) = SummaryCharts.SizeOf(r.Png);
            doc.Image(r.Png, w, h, texts.Format(SummaryTexts.DocChartAlt, charts.RubricTitle));
            foreach (var line in r.Lines) doc.Paragraph(line, subtle: true); // the levels in words: readable without the image
        }

        doc.Heading(texts[SummaryTexts.DocComments]);
        switch (comments)
        {
            case CommentsPart.Written { Comment: var c }:
                doc.Paragraph(c.Text).Paragraph(texts.Format(SummaryTexts.DocCommentsBy, c.UpdatedBy, ChileTime.Moment(c.UpdatedAt)), subtle: true);
                break;
            case CommentsPart.Missed { Deadline: var deadline }:
                doc.Paragraph(texts.Format(SummaryTexts.DocNoComments, ChileTime.Moment(deadline)));
                break;
            default:
                doc.Paragraph(texts[SummaryTexts.DocCommentsNotReady]);
                break;
        }
        return doc.ToArray();
    }
}
