using Bitacora.Bot.Coordination;
using Bitacora.Bot.Hosting;
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
public sealed class SemesterSummaryCommand(RoleGate gate, CoordinationServices services, SummaryCards cards) : RoleGatedCommand(gate)
{
    private const string ScopeItem = "summary.scope";

    public override IReadOnlyList<string> Names { get; } = ["resumen semestral", "informe semestral", "informe de retroalimentación"];

    protected override AccessRequirement Requirement { get; } = AccessRequirement.AnyOf(Role.EquipoDirectivo, Role.AsesorEtt,
        Role.ProfesionalUatp, Role.CoordinadorTerritorial, Role.CoordinadorRegional, Role.Administrador);

    protected override async Task<AccessScope?> ScopeAsync(CommandContext context, ResolvedIdentity identity, CancellationToken ct)
    {
        var parsed = CoordinationFilterParser.Parse(context.Arguments, services.Texts);
        if (parsed.Request is not { } request)
        {
            await context.Turn.SendTextAsync(parsed.Error!, ct);
            return null;
        }
        if (request is { Unit: null, TerritoryId: null, RegionCode: null }
            && identity.Person?.Roles.DirectiveUnits is [var led, ..] && UnitCode.TryParse(led, out var ledCode))
        {
            request = request with { Unit = ledCode };
        }
        var resolved = await services.Resolver.ResolveAsync(request, identity, ct);
        if (resolved.Scope is null)
        {
            await context.Turn.SendTextAsync(resolved.Error!, ct);
            return null;
        }
        context.Turn.Items[ScopeItem] = resolved.Scope;
        return resolved.Scope.Access;
    }

    protected override async Task HandleAuthorizedAsync(CommandContext context, ResolvedIdentity identity, AccessScope scope, CancellationToken ct)
    {
        var resolved = (CoordinationScope)context.Turn.Items[ScopeItem]!;
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
