using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Registry.Territories;

/// <summary>
/// Who may see a territory's background: the people who work in it or lead it — its advisers and UATP professionals,
/// the directive teams of its units (the learning community's organisation concerns them), its territorial
/// coordinators, the regional coordinators of its region — and administrators. Only administrators edit.
/// </summary>
public static class TerritoryAccess
{
    public static AccessRequirement View(string territoryId) =>
        AccessRequirement.AnyOf(Role.AsesorEtt, Role.ProfesionalUatp, Role.EquipoDirectivo, Role.CoordinadorTerritorial,
            Role.CoordinadorRegional, Role.Administrador).In(AccessScope.Territory(territoryId));

    public static AccessRequirement Edit { get; } = AccessRequirement.AnyOf(Role.Administrador);

    /// <summary>
    /// Shared by "territorio" and "personas": finds the territory the person means, or answers in Spanish why not
    /// (unknown, ambiguous, none registered) and returns null.
    /// </summary>
    public static async Task<Territory?> FindOrExplainAsync(TerritoryFinder finder, RegistryTexts texts, CommandContext context,
        ResolvedIdentity identity, CancellationToken ct)
    {
        var lookup = await finder.FindAsync(context.Arguments, identity.Person, ct).ConfigureAwait(false);
        string message;
        switch (lookup)
        {
            case TerritoryLookup.Found found:
                return found.Territory;
            case TerritoryLookup.Ambiguous ambiguous:
                message = texts.Format(TerritoryTextKeys.Ambiguous, ("value", context.Arguments.Trim()),
                    ("list", TerritoryFinder.Describe(ambiguous.Candidates)), ("example", ambiguous.Candidates[0].Id));
                break;
            case TerritoryLookup.NotFound { All.Count: 0 }:
                message = texts.Format(TerritoryTextKeys.NoneRegistered);
                break;
            case TerritoryLookup.NotFound notFound:
                message = texts.Format(context.Arguments.Trim().Length == 0 ? TerritoryTextKeys.AskWhich : TerritoryTextKeys.Unknown,
                    ("value", context.Arguments.Trim()), ("list", TerritoryFinder.Describe(notFound.All)),
                    ("example", notFound.All[0].Id));
                break;
            default:
                throw new InvalidOperationException("Unexpected lookup " + lookup);
        }
        await context.Turn.SendTextAsync(message, ct).ConfigureAwait(false);
        return null;
    }
}

/// <summary>
/// "territorio [id o nombre]": the JUNJI "Antecedentes del territorio y del ETT" card. Without an argument, the
/// person's own territory.
/// </summary>
public sealed class TerritoryCommand(RoleGate gate, TerritoryFinder finder, TerritoryCards cards, RegistryTexts texts)
    : RoleGatedCommand(gate)
{
    public override IReadOnlyList<string> Names { get; } = ["territorio", "antecedentes del territorio", "mi territorio"];

    // The requirement's scope is replaced per invocation by the territory asked for (ScopeAsync).
    protected override AccessRequirement Requirement { get; } = TerritoryAccess.View("00-0");

    protected override async Task<AccessScope?> ScopeAsync(CommandContext context, ResolvedIdentity identity, CancellationToken ct)
    {
        var territory = await TerritoryAccess.FindOrExplainAsync(finder, texts, context, identity, ct).ConfigureAwait(false);
        if (territory is null)
        {
            return null;
        }
        // Singleton command: the territory found travels to HandleAuthorizedAsync in the turn, not in a field.
        context.Turn.Items[typeof(TerritoryCommand)] = territory;
        return AccessScope.Territory(territory.Id);
    }

    protected override async Task HandleAuthorizedAsync(CommandContext context, ResolvedIdentity identity, AccessScope scope,
        CancellationToken cancellationToken)
    {
        var territory = (Territory)context.Turn.Items[typeof(TerritoryCommand)]!;
        var card = cards.View(territory, canEdit: identity.Roles.Administrador);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken).ConfigureAwait(false);
    }
}
