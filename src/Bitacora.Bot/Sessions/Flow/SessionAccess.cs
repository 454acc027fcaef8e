using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Scope lookups of the meeting flow and the rubric (see <see cref="AccessRule"/>): a session belongs to its
/// territory; a rubric to its unit (and the unit's territory).
/// </summary>
public static class SessionAccess
{
    /// <summary>The session a card names ("sessionId"): its territory. No such session → the handler refuses.</summary>
    public static Task<ScopeLookup> NamedSessionAsync(VerbRequest request, CancellationToken ct) =>
        ScopeLookups.NamedAsync(request, "sessionId", (id, c) => request.Get<SessionReadAhead>().SessionAsync(request.Turn, id, c),
            (session, c) => ScopeOfAsync(request, session, c), ct);

    /// <summary>The session running in this conversation (for «continuar sesión»), if any.</summary>
    public static async Task<ScopeLookup> ConversationSessionAsync(VerbRequest request, CancellationToken ct) =>
        request.Turn.Activity.Conversation?.Id is { Length: > 0 } conversationId
        && await request.Get<SessionRepository>().GetCurrentForConversationAsync(conversationId, ct) is { Status: not SessionStatus.Finished } session
            ? new ScopeLookup.Found(await ScopeOfAsync(request, session, ct), session)
            : ScopeLookup.None;

    /// <summary>The territory or unit chosen on the start card ("scopeId"): the session would belong to that territory.</summary>
    public static async Task<ScopeLookup> ChosenScopeAsync(VerbRequest request, CancellationToken ct) =>
        request.IdField("scopeId") is { } choice && await request.Get<ScopeDirectory>().ResolveAsync(choice, ct) is { } resolved
            ? new ScopeLookup.Found(AccessScope.Territory(resolved.Territory.Id), resolved)
            : ScopeLookup.None;

    /// <summary>The unit of a rubric card ("unitId").</summary>
    public static Task<ScopeLookup> RubricCardUnitAsync(VerbRequest request, CancellationToken ct) =>
        UnitAsync(request, request.Field("unitId"), ct);

    /// <summary>«rúbrica [unidad]»: the unit typed, else the unit of this conversation's session.</summary>
    public static async Task<ScopeLookup> RubricCommandUnitAsync(VerbRequest request, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(request.Arguments))
        {
            return await UnitAsync(request, request.Arguments.Trim(), ct);
        }
        return await ConversationSessionAsync(request, ct) is ScopeLookup.Found { Target: Session { Unit: { } unit } session }
            ? new ScopeLookup.Found(AccessScope.Unit(unit.Id, session.Scope.Id))
            : ScopeLookup.None;
    }

    private static async Task<ScopeLookup> UnitAsync(VerbRequest request, string? text, CancellationToken ct) =>
        text is { Length: <= ScopeLookups.MaxIdLength } && UnitCode.TryParse(text, out var code)
        && await request.Get<ScopeDirectory>().ResolveUnitAsync(code, ct) is { Unit: { } unit } resolved
            ? new ScopeLookup.Found(AccessScope.Unit(unit.Id, resolved.Territory.Id), resolved)
            : ScopeLookup.None;

    /// <summary>A session's territory (a session about a unit alone is looked up in the registry to find it).</summary>
    private static Task<AccessScope> ScopeOfAsync(VerbRequest request, Session session, CancellationToken ct) =>
        session.Scope.Kind == SessionScopeKind.Territory
            ? Task.FromResult(AccessScope.Territory(session.Scope.Id))
            : ScopeLookups.UnitScopeAsync(request, session.Scope.Id, ct);
}
