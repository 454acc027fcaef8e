using System.Globalization;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// A reporting period: a school year ("2026") or one of its semesters ("2026-1", "2026-2"). The first semester runs
/// from 1 January to 31 July (the Chilean school year's first half ends with the winter break), the second from
/// 1 August to 31 December, so the default summary dates 31-07 and 15-12 each fall inside the semester they report.
/// </summary>
public sealed record ReportPeriod(int Year, int? Semester)
{
    public DateOnly Start => Semester == 2 ? new DateOnly(Year, 8, 1) : new DateOnly(Year, 1, 1);

    public DateOnly End => Semester == 1 ? new DateOnly(Year, 7, 31) : new DateOnly(Year, 12, 31);

    /// <summary>Invariant key: "2026" or "2026-1".</summary>
    public string Key => Semester is { } s
        ? Year.ToString("D4", CultureInfo.InvariantCulture) + "-" + s.ToString(CultureInfo.InvariantCulture)
        : Year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The session/rubric period (school year) this period lies in.</summary>
    public string SchoolYear => Year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>What people read ("1.er semestre 2026", "año 2026"): a text key and the year, formatted by <see cref="CoordinationTexts.Period"/>.</summary>
    public Bitacora.Bot.Texts.TextRef Label => new(Semester switch
    {
        1 => CoordinationTexts.PeriodFirstSemester,
        2 => CoordinationTexts.PeriodSecondSemester,
        _ => CoordinationTexts.PeriodYear,
    }, Year.ToString(CultureInfo.InvariantCulture));

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public static ReportPeriod SemesterOf(DateOnly date) => new(date.Year, date.Month <= 7 ? 1 : 2);

    /// <summary>"2026", "2026-1", "2026-2", "2026-s1", "2026/2" (the separator and an "s" are forgiven).</summary>
    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = null!;
        var t = (text ?? "").Trim().ToLowerInvariant().Replace('/', '-').Replace('_', '-');
        var parts = t.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length != 4
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            return false;
        }
        if (parts.Length == 1)
        {
            period = new ReportPeriod(year, null);
            return true;
        }
        var s = parts[1].TrimStart('s');
        if (s is "1" or "2")
        {
            period = new ReportPeriod(year, s == "1" ? 1 : 2);
            return true;
        }
        return false;
    }
}
