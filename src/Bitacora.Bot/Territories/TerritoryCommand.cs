using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Territories;

/// <summary>
/// Who may see a territory's background: the people who work in it or lead it — its advisers and UATP professionals,
/// the directive teams of its units (the learning community's organisation concerns them), its territorial
/// coordinators, the regional coordinators of its region — and administrators. Only administrators edit.
/// </summary>
public static class TerritoryAccess
{
    /// <summary>
    /// The scope lookup of "territorio" and "personas": the territory the person means (found → its scope, handed to
    /// the handler), or the Spanish explanation already sent (unknown, ambiguous, none registered).
    /// </summary>
    public static async Task<ScopeLookup> LookupAsync(TerritoryFinder finder, RegistryTexts texts, VerbRequest request,
        CancellationToken ct)
    {
        var territory = await FindOrExplainAsync(finder, texts, request.Turn, request.Arguments, request.Identity, ct).ConfigureAwait(false);
        return territory is null ? new ScopeLookup.Stop(null) : new ScopeLookup.Found(AccessScope.Territory(territory.Id), territory);
    }

    /// <summary>
    /// Shared by "territorio" and "personas": finds the territory the person means, or answers in Spanish why not
    /// (unknown, ambiguous, none registered) and returns null.
    /// </summary>
    public static async Task<Territory?> FindOrExplainAsync(TerritoryFinder finder, RegistryTexts texts, ITurnContext turn,
        string arguments, ResolvedIdentity identity, CancellationToken ct)
    {
        var lookup = await finder.FindAsync(arguments, identity.Person, ct).ConfigureAwait(false);
        string message;
        switch (lookup)
        {
            case TerritoryLookup.Found found:
                return found.Territory;
            case TerritoryLookup.Ambiguous ambiguous:
                message = texts.Format(TerritoryTextKeys.Ambiguous, ("value", arguments.Trim()),
                    ("list", TerritoryFinder.Describe(ambiguous.Candidates)), ("example", ambiguous.Candidates[0].Id));
                break;
            case TerritoryLookup.NotFound { All.Count: 0 }:
                message = texts.Format(TerritoryTextKeys.NoneRegistered);
                break;
            case TerritoryLookup.NotFound notFound:
                message = texts.Format(arguments.Trim().Length == 0 ? TerritoryTextKeys.AskWhich : TerritoryTextKeys.Unknown,
                    ("value", arguments.Trim()), ("list", TerritoryFinder.Describe(notFound.All)),
                    ("example", notFound.All[0].Id));
                break;
            default:
                throw new InvalidOperationException("Unexpected lookup " + lookup);
        }
        await turn.SendTextAsync(message, ct).ConfigureAwait(false);
        return null;
    }
}

/// <summary>
/// "territorio [id o nombre]": the JUNJI "Antecedentes del territorio y del ETT" card. Without an argument, the
/// person's own territory.
/// </summary>
public sealed class TerritoryCommand(TerritoryFinder finder, TerritoryCards cards, RegistryTexts texts) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["territorio", "antecedentes del territorio", "mi territorio"];

    public AccessRule Rule => AccessRule.Require(Policies.ViewTerritory)
        .ScopedBy((request, ct) => TerritoryAccess.LookupAsync(finder, texts, request, ct));

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var territory = context.Access.TargetAs<Territory>()!;
        var card = cards.View(territory, canEdit: context.Access.Identity?.Roles.Administrador == true);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken).ConfigureAwait(false);
    }
}
