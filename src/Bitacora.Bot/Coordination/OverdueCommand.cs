using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions.Flow;
using NodaTime;

namespace Bitacora.Bot.Coordination;

/// <summary>«vencidos [filtros]»: open commitments whose accountability date has passed in America/Santiago, with days overdue.</summary>
public sealed class OverdueCommand(CoordinationServices services) : CoordinationCommand(services), IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["vencidos", "compromisos vencidos"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var todayDate = Services.Clock.Today;
        var overdue = CoordinationTally.Overdue(await Services.Reader.CommitmentsAsync(scope, ct), scope, LocalDate.FromDateOnly(todayDate));
        var (more, hint) = Cap(overdue.Count, "vencidos");
        var where = Where(scope);
        return Services.Cards.Render(new CoordinationListCard(
            Title: Texts.Format(CoordinationTexts.OverdueTitle, N(overdue.Count)),
            Subtitle: Texts.Format(CoordinationTexts.OverdueSubtitle, where, ChileTime.ShortDate(todayDate)),
            Empty: Texts.Format(CoordinationTexts.OverdueEmpty, where, ChileTime.ShortDate(todayDate)),
            Items: overdue.Take(MaxItems).Select(x => new CoordinationListItem(
                x.Commitment.What,
                Texts.Format(CoordinationTexts.OverdueDetail, x.Unit.Name, x.Commitment.Responsible.Name, Date(x.Commitment.AccountabilityDate)),
                Count(x.DaysOverdue, CoordinationTexts.OverdueDays))).ToList(),
            More: more,
            Hint: hint));
    }
}
