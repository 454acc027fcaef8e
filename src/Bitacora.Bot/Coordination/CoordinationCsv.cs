using System.Globalization;
using System.Text;
using Bitacora.Bot.Registry.Csv;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// RFC 4180 CSV of the coordination data: comma separator, CRLF line ends, fields quoted when they hold a comma, a
/// quote or a line break (quotes doubled). Data formats are invariant (ISO dates, enum names) so the file means the
/// same on every machine; the bytes are UTF-8 with a BOM so Excel opens accents correctly (<see cref="Encoding"/>).
/// </summary>
public static class CoordinationCsv
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static readonly IReadOnlyList<string> CommitmentHeader =
    [
        "territory", "unit_id", "unit_name", "commitment_id", "what", "responsible", "accountability_date", "status",
        "days_overdue", "means_of_verification", "evidence", "force_majeure_events", "session_id", "created_at",
    ];

    public static readonly IReadOnlyList<string> ParticipationHeader =
    [
        "territory", "session_id", "number", "date", "unit_id", "unit_name", "guide_id", "status", "participant_id",
        "participant_name", "answers_in_session",
    ];

    public static IEnumerable<IReadOnlyList<string>> CommitmentRows(IEnumerable<UnitCommitments> units, ReportPeriod? period, DateOnly today)
    {
        foreach (var uc in units)
        {
            foreach (var c in uc.Commitments.OrderBy(c => c.AccountabilityDate).ThenBy(c => c.Id, StringComparer.Ordinal))
            {
                var date = c.AccountabilityDate.ToDateOnly();
                if (period is not null && !period.Contains(date))
                {
                    continue;
                }
                var overdue = c.IsOpen && date < today ? today.DayNumber - date.DayNumber : 0;
                yield return
                [
                    uc.Unit.TerritoryId, uc.Unit.Code.Id, uc.Unit.Name, c.Id, c.What, c.Responsible.Name,
                    date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Status.ToString(),
                    overdue.ToString(CultureInfo.InvariantCulture), c.MeansOfVerification,
                    string.Join(" ", new[] { c.Evidence?.Text, c.Evidence?.Link }.Where(x => !string.IsNullOrWhiteSpace(x))),
                    c.ForceMajeureEventIds.Count.ToString(CultureInfo.InvariantCulture), c.Origin.SessionId,
                    c.CreatedAt.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ];
            }
        }
    }

    public static IEnumerable<IReadOnlyList<string>> ParticipationRows(IEnumerable<SessionFacts> sessions)
    {
        foreach (var s in sessions)
        {
            var people = s.Participants.Count == 0 ? [new Sessions.Participant("", "")] : s.Participants.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            foreach (var p in people)
            {
                yield return
                [
                    s.Territory.Id, s.Session.Id, s.Session.Number.ToString(CultureInfo.InvariantCulture),
                    s.Session.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Session.Unit?.Id ?? "", s.Session.Unit?.Name ?? "",
                    s.Session.GuideId, s.Session.Status.ToString(), p.Id, p.Name, s.AnswerCount.ToString(CultureInfo.InvariantCulture),
                ];
            }
        }
    }

    public static string Line(IEnumerable<string> fields) => CsvWriter.Line(fields);

    /// <summary>Writes header and rows with CRLF endings; returns the number of data rows.</summary>
    public static async Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        await writer.WriteAsync(Line(header) + "\r\n");
        var n = 0;
        foreach (var row in rows)
        {
            await writer.WriteAsync(Line(row) + "\r\n");
            n++;
        }
        return n;
    }
}
