namespace Bitacora.Bot.Summaries;

/// <summary>The "Summaries" configuration section.</summary>
public sealed class SummaryOptions
{
    public const string SectionName = "Summaries";

    /// <summary>"MM-dd" dates (America/Santiago) on which the semester summary is sent.</summary>
    public string[] Dates { get; set; } = ["07-31", "12-15"];

    /// <summary>"HH:mm", America/Santiago.</summary>
    public string TimeOfDay { get; set; } = "09:00";

    /// <summary>
    /// How many days after a send date the send waits for the «Comentarios del/la profesional» of an informe to be marked
    /// ready (the job runs again each of these days, at <see cref="TimeOfDay"/>); at the deadline it goes without them
    /// and says so. 0: never waits.
    /// </summary>
    public int CommentsWaitDays { get; set; } = 3;
}
