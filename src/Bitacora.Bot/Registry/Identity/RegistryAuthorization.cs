using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>Whether a command may run; when not, the Spanish message to show the user.</summary>
public sealed record AuthorizationResult(bool Allowed, string? RefusalMessage)
{
    public static AuthorizationResult Allow { get; } = new(true, null);
}

/// <summary>
/// Role gate for commands. Scopes: a territory id for asesor/profesional and coordinador territorial (a regional
/// coordinator of the territory's region also passes), a unit id for equipo directivo, a region code for
/// coordinador regional. Without a scope any scope of the role passes; coordinador territorial is then also met by
/// a regional coordinator. Administrators pass only administrator checks. Every refusal is logged.
/// </summary>
public sealed class RegistryAuthorization(RegistryTexts texts, ILogger<RegistryAuthorization> logger)
{
    public AuthorizationResult Require(ResolvedIdentity identity, Role role, string? scope = null) =>
        Require(identity.Person, role, scope, identity.User.TeamsUserId);

    public AuthorizationResult Require(Person? person, Role role, string? scope = null, string? teamsUserId = null)
    {
        if (person is not null && Holds(person, role, scope))
        {
            return AuthorizationResult.Allow;
        }
        string message;
        if (person is null)
        {
            message = texts.Format(RegistryTextKeys.AuthUnknownPerson);
        }
        else if (scope is not null && (person.Roles.Has(role)
                 || (role == Role.CoordinadorTerritorial && person.Roles.Has(Role.CoordinadorRegional))))
        {
            message = texts.Format(RegistryTextKeys.RefusedScope(role), ("scope", scope));
        }
        else
        {
            message = texts.Format(RegistryTextKeys.Refused(role));
        }
        logger.LogWarning("Refused {Role} (scope {Scope}) to {Email} / Teams user {TeamsUserId}",
            role, scope ?? "-", person?.Email ?? "(not in registry)", teamsUserId ?? "-");
        return new AuthorizationResult(false, message);
    }

    private static bool Holds(Person person, Role role, string? scope)
    {
        var r = person.Roles;
        return role switch
        {
            Role.AsesorEtt or Role.ProfesionalUatp =>
                r.Has(role) && (scope is null || person.Territories.Contains(scope, StringComparer.Ordinal)),
            Role.EquipoDirectivo => scope is null ? r.Has(role) : r.DirectiveUnits.Contains(scope, StringComparer.Ordinal),
            Role.CoordinadorTerritorial => scope is null
                ? r.Has(Role.CoordinadorTerritorial) || r.Has(Role.CoordinadorRegional)
                : r.CoordinatedTerritories.Contains(scope, StringComparer.Ordinal)
                  || (TerritoryId.TryParse(scope, out var region, out _) && r.CoordinatedRegions.Contains(region, StringComparer.Ordinal)),
            Role.CoordinadorRegional => scope is null ? r.Has(role) : r.CoordinatedRegions.Contains(scope, StringComparer.Ordinal),
            Role.Administrador => r.Administrador,
            _ => false,
        };
    }
}
