using System.Globalization;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Coordination;
using NodaTime;

namespace Bitacora.Bot.Exports;

/// <summary>
/// The commitments of a scope whose accountability date lies in the period, their history (every change, oldest first)
/// and the force-majeure situations that adjusted them. Reads: commitments and history per unit partition.
/// </summary>
public sealed class CommitmentSheets(CoordinationReader reader, CommitmentStore store, CoordinationTexts coordination, ExportTexts texts)
{
    public async Task<IReadOnlyList<ExportSheet>> BuildAsync(CoordinationScope scope, DateOnly today, CancellationToken ct)
    {
        var commitments = new List<object?[]>();
        var history = new List<object?[]>();
        var situations = new List<object?[]>();
        foreach (var uc in await reader.CommitmentsAsync(scope, ct))
        {
            var unit = uc.Unit;
            var inPeriod = uc.Commitments.Where(c => scope.Period.Contains(c.AccountabilityDate.ToDateOnly()))
                .OrderBy(c => c.AccountabilityDate).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
            foreach (var c in inPeriod)
            {
                var date = c.AccountabilityDate.ToDateOnly();
                long overdue = c.IsOpen && date < today ? today.DayNumber - date.DayNumber : 0;
                commitments.Add(
                [
                    unit.TerritoryId, unit.Code.Display, unit.Name, c.What, c.Responsible.Name, date, coordination.Status(c.Status), overdue,
                    c.MeansOfVerification, c.Evidence?.Text, c.Evidence?.Link, (long)c.ForceMajeureEventIds.Count, (long)c.Version,
                    Local(c.CreatedAt), c.CreatedBy.Name, c.Id, c.Origin.SessionId, c.Source?.Question, c.Source?.Answer,
                    c.CancellationReason, c.EvidenceFiles.Count == 0 ? null : string.Join("; ", c.EvidenceFiles.Select(f => f.Name)),
                    c.ForceMajeureDecision is { } decision ? texts["forceMajeureDecision." + decision] : null,
                ]);
                foreach (var change in (await store.GetHistoryAsync(unit.Code.Id, c.Id, ct)).OrderBy(h => h.Version).ThenBy(h => h.At))
                {
                    history.Add(
                    [
                        unit.TerritoryId, unit.Name, c.What, (long)change.Version, Local(change.At), change.By.Name, Capitalize(change.What),
                        HistoryValue(change.From), HistoryValue(change.To), change.Why, c.Id,
                    ]);
                }
            }
            foreach (var id in inPeriod.SelectMany(c => c.ForceMajeureEventIds).Distinct(StringComparer.Ordinal))
            {
                if (await reader.ForceMajeureAsync(unit.Code.Id, id, ct) is not { } e)
                {
                    continue;
                }
                situations.Add(
                [
                    unit.TerritoryId, unit.Name, coordination.ForceMajeure(e.Kind), e.Description, e.StartDate.ToDateOnly(), e.EndDate?.ToDateOnly(),
                    e.NewDate?.ToDateOnly(), (long)e.CommitmentIds.Count, e.DocumentationLink, e.RecordedBy.Name, Local(e.RecordedAt),
                ]);
            }
        }
        return
        [
            new ExportSheet(texts["sheet.commitments"], texts["file.commitments"], ExportColumns.Commitments(texts), commitments),
            new ExportSheet(texts["sheet.history"], texts["file.commitments"] + "-historial", ExportColumns.History(texts), history),
            new ExportSheet(texts["sheet.forceMajeure"], texts["file.commitments"] + "-fuerza-mayor", ExportColumns.ForceMajeure(texts), situations),
        ];
    }

    /// <summary>An instant as the wall-clock time in America/Santiago (what a person there read on the clock).</summary>
    public static DateTime Local(Instant at) => Local(at.ToDateTimeOffset());

    public static DateTime Local(DateTimeOffset at) => DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(at, Sessions.Flow.ChileTime.Zone).DateTime, DateTimeKind.Unspecified);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("es-CL")) + text[1..];

    /// <summary>History values are stored invariant (enum names, ISO dates): shown as a person reads them.</summary>
    private string? HistoryValue(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (Enum.TryParse<CommitmentStatus>(value, out var status) && Enum.IsDefined(status) && !value.All(char.IsAsciiDigit))
        {
            return coordination.Status(status);
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)
            : value;
    }
}
