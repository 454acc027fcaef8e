using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Exports;

/// <summary>What «exportar» was asked for besides the coordination filters.</summary>
public sealed record ExportRequest(ExportFormat Format, IReadOnlyList<ExportDataset> Datasets, bool DatasetsGiven)
{
    /// <summary>
    /// Takes the words «xlsx»/«excel»/«csv» and «compromisos»/«respuestas»/«participación»/«rúbrica»/«todo» out of the
    /// arguments (any order, accents and case ignored); the rest are coordination filters.
    /// </summary>
    public static (ExportRequest Request, string Filters) Parse(string arguments)
    {
        var format = ExportFormat.Xlsx;
        var datasets = new List<ExportDataset>();
        var rest = new List<string>();
        foreach (var token in arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            switch (CommandText.Normalize(token.Trim(',', ';', '.')))
            {
                case "xlsx" or "excel": format = ExportFormat.Xlsx; break;
                case "csv": format = ExportFormat.Csv; break;
                case "compromisos": datasets.Add(ExportDataset.Commitments); break;
                case "respuestas": datasets.Add(ExportDataset.Answers); break;
                case "participacion": datasets.Add(ExportDataset.Participation); break;
                case "rubrica": datasets.Add(ExportDataset.Rubric); break;
                case "todo" or "todos": datasets.AddRange(ExportBuilder.AllDatasets); break;
                default: rest.Add(token); break;
            }
        }
        var given = datasets.Count > 0;
        IReadOnlyList<ExportDataset> chosen = given ? datasets.Distinct().ToList()
            : format == ExportFormat.Xlsx ? ExportBuilder.AllDatasets : [ExportDataset.Commitments];
        return (new ExportRequest(format, chosen, given), string.Join(' ', rest));
    }
}

/// <summary>
/// «exportar [xlsx|csv] [compromisos|respuestas|participación|rúbrica] [filtros]»: the bot builds the file itself for the
/// scope the router checked (<see cref="CoordinationCommand"/>'s rule: coordinators and administrators, filters resolved
/// against the registry, never wider than the coordinator's scope) and hands it over with <see cref="IFileDelivery"/> (a «Descargar» card; in a 1:1 chat also
/// Teams' file consent). Default: one .xlsx with every table; CSV: one file per table asked for (default compromisos).
/// </summary>
public sealed class ExportCommand(CoordinationServices services, ExportBuilder builder, IFileDelivery delivery, ExportTexts texts)
    : CoordinationCommand(services), IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["exportar", "exportar datos"];

    protected override string FilterArguments(string arguments) => ExportRequest.Parse(arguments).Filters;

    public override async Task HandleAsync(CommandContext context, CancellationToken ct)
    {
        var scope = context.Access.TargetAs<CoordinationScope>()!;
        var (request, _) = ExportRequest.Parse(context.Arguments);
        var workbook = await builder.BuildAsync(scope, request.Datasets, ct);
        var period = Texts.Period(scope.Period);
        if (workbook.RowCount == 0)
        {
            await context.Turn.SendTextAsync(texts.Format("delivery.empty", scope.Description, period), ct);
            return;
        }
        var stem = FileStem(scope);
        if (request.Format == ExportFormat.Xlsx)
        {
            await delivery.DeliverAsync(context.Turn, $"{texts["file.all"]}-{stem}.xlsx", ExportContentTypes.Xlsx, XlsxExportWriter.Write(workbook),
                Describe(scope, period, workbook.Sheets), ct);
            return;
        }
        // One CSV per table asked for: the first sheet of each dataset (commitments → «Compromisos»).
        foreach (var sheet in workbook.Sheets.Where(s => !s.FileStem.Contains('-')))
        {
            await delivery.DeliverAsync(context.Turn, $"{sheet.FileStem}-{stem}.csv", ExportContentTypes.Csv, CsvExportWriter.Write(sheet),
                Describe(scope, period, [sheet]) + (request.DatasetsGiven ? "" : " " + texts["delivery.csvOthers"]), ct);
        }
    }

    protected override Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct) =>
        throw new NotSupportedException("«exportar» delivers a file, not a card.");

    private string Describe(CoordinationScope scope, string period, IEnumerable<ExportSheet> sheets) =>
        texts.Format("delivery.description", scope.Description, period,
            string.Join(", ", sheets.Select(s => texts.Format("delivery.sheetRows", s.Name, N(s.Rows.Count)))));

    /// <summary>"territorio-16-1-2026-1", "region-16-2026", "rbd-41201-2026-2": ASCII, no spaces.</summary>
    public static string FileStem(CoordinationScope scope)
    {
        var subject = scope.Unit is { } unit ? unit.Code.Id
            : scope.Access.Kind == ScopeKind.Region ? "region-" + scope.Access.Id
            : "territorio-" + scope.Territories[0].Id;
        var slug = new StringBuilder();
        foreach (var c in subject.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(char.ToLowerInvariant(c));
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().Trim('-') + "-" + scope.Period.Key;
    }
}
