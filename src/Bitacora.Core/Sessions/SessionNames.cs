namespace Bitacora.Bot.Sessions;

/// <summary>How a session's scope is named on its cards and in its documents.</summary>
public static class SessionNames
{
    /// <summary>The territory, or «unit · territory» for a unit's session.</summary>
    public static string ScopeName(Session session) =>
        session.Unit is null ? session.Scope.Name : $"{session.Unit.Name} · {session.Scope.Name}";
}
