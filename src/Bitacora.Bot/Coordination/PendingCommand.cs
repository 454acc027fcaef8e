using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using NodaTime;

namespace Bitacora.Bot.Coordination;

/// <summary>«pendientes [filtros]»: open commitments by accountability date, with unit and responsible.</summary>
public sealed class PendingCommand(CoordinationServices services) : CoordinationCommand(services), IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["pendientes", "compromisos pendientes"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var today = LocalDate.FromDateOnly(Services.Clock.Today);
        var open = CoordinationTally.Pending(await Services.Reader.CommitmentsAsync(scope, ct), scope, today);
        var (more, hint) = Cap(open.Count, "pendientes");
        var where = Where(scope);
        return Services.Cards.Render(new CoordinationListCard(
            Title: Texts.Format(CoordinationTexts.PendingTitle, N(open.Count)),
            Subtitle: where,
            Empty: Texts.Format(CoordinationTexts.PendingEmpty, where),
            Items: open.Take(MaxItems).Select(x => new CoordinationListItem(
                $"{Date(x.Commitment.AccountabilityDate)} · {x.Commitment.What}",
                Texts.Format(CoordinationTexts.PendingDetail, x.Unit.Name, x.Commitment.Responsible.Name, Texts.Status(x.Commitment.Status)),
                x.DaysOverdue > 0 ? Texts[CoordinationTexts.PendingOverdueBadge] : "")).ToList(),
            More: more,
            Hint: hint));
    }
}
