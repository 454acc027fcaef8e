using Bitacora.Bot.Coordination;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// «resumen semestral [unidad | territorio] [periodo]» on demand: the unit card for a unit (default: the unit the
/// person leads), the territory card otherwise (default: the territory they coordinate or work in). Who may: the
/// unit's directive team, advisers/UATP of the territory, its coordinators and administrators.
/// </summary>
public sealed class SemesterSummaryCommand(CoordinationServices services, SummaryCards cards) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["resumen semestral", "informe semestral", "informe de retroalimentación"];

    public AccessRule Rule => AccessRule.Require(Policies.ReadSemesterSummary)
        .ScopedBy((request, ct) => services.Resolver.LookupAsync(request, services.Texts, LedUnitByDefault, ct));

    /// <summary>Without a filter, a directive team means the unit it leads.</summary>
    private static FilterRequest LedUnitByDefault(FilterRequest request, ResolvedIdentity identity) =>
        request is { Unit: null, TerritoryId: null, RegionCode: null }
        && identity.Person?.Roles.DirectiveUnits is [var led, ..] && UnitCode.TryParse(led, out var ledCode)
            ? request with { Unit = ledCode }
            : request;

    public async Task HandleAsync(CommandContext context, CancellationToken ct)
    {
        var resolved = context.Access.TargetAs<CoordinationScope>()!;
        foreach (var territory in await services.Reports.BuildAsync(resolved, ct))
        {
            if (resolved.Unit is not null)
            {
                foreach (var unit in territory.Units)
                {
                    await context.Turn.SendActivityAsync(Activity.CreateCard(cards.Unit(unit, resolved.Period)), ct);
                }
            }
            else
            {
                await context.Turn.SendActivityAsync(Activity.CreateCard(cards.Territory(territory, resolved.Period)), ct);
            }
        }
    }
}
