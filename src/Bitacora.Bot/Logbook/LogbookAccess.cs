using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Logbook;

/// <summary>Scope lookups of the logbook verbs (see <see cref="AccessRule"/>): a logbook belongs to its territory.</summary>
public static class LogbookAccess
{
    public static AccessRule Rule(ScopeResolver scope) => AccessRule.Require(Policies.KeepLogbook).ScopedBy(scope);

    /// <summary>«bitácora [territorio] [periodo]»: the territory typed, else the one of the conversation's session.</summary>
    public static async Task<ScopeLookup> CommandAsync(VerbRequest request, CancellationToken ct)
    {
        var first = request.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null)
        {
            return TerritoryId.Normalize(first) is { } territory ? new ScopeLookup.Found(AccessScope.Territory(territory)) : ScopeLookup.None;
        }
        return await SessionAccess.ConversationSessionAsync(request, ct) is ScopeLookup.Found found
            ? new ScopeLookup.Found(AccessScope.Territory(found.Scope.TerritoryId ?? found.Scope.Id ?? ""))
            : ScopeLookup.None;
    }

    /// <summary>
    /// A logbook card ("logbookId", and the session record it belongs to, "sessionId"): the logbook's territory. A card
    /// whose logbook and session lie in different territories is not one the bot rendered.
    /// </summary>
    public static async Task<ScopeLookup> CardAsync(VerbRequest request, CancellationToken ct)
    {
        var logbook = LogbookKey.Parse(request.Field("logbookId"));
        var session = await SessionAccess.NamedSessionAsync(request, ct) as ScopeLookup.Found;
        var sessionTerritory = session?.Scope.TerritoryId;
        if (logbook is not null && sessionTerritory is not null && sessionTerritory != logbook.TerritoryId)
        {
            return new ScopeLookup.Stop(request.Get<TextCatalog>()[TextKeys.UnknownAction]);
        }
        var territory = logbook?.TerritoryId ?? sessionTerritory;
        return territory is null ? ScopeLookup.None : new ScopeLookup.Found(AccessScope.Territory(territory));
    }
}
