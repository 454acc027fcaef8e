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

    /// <summary>
    /// Allowed when the person holds any of <see cref="AccessRequirement.Roles"/> within its scope (see
    /// <see cref="AccessScope"/>). A refusal names the roles (and the scope) in Spanish and is logged once.
    /// </summary>
    public AuthorizationResult Check(ResolvedIdentity identity, AccessRequirement requirement)
    {
        var person = identity.Person;
        if (person is not null && requirement.Roles.Any(role => Holds(person, role, requirement.Scope)))
        {
            return AuthorizationResult.Allow;
        }
        var message = person is null ? texts.Format(RegistryTextKeys.AuthUnknownPerson) : RefusalFor(requirement);
        logger.LogWarning("Refused {Requirement} to {Email} / Teams user {TeamsUserId}",
            requirement.ToString(), person?.Email ?? "(not in registry)", identity.User.TeamsUserId);
        return new AuthorizationResult(false, message);
    }

    private string RefusalFor(AccessRequirement requirement)
    {
        var scope = requirement.Scope;
        if (requirement.Roles.Count == 1)
        {
            var role = requirement.Roles[0];
            var key = scope.Kind == ScopeKind.Any || role == Role.Administrador
                ? RegistryTextKeys.Refused(role)
                : RegistryTextKeys.RefusedScope(role);
            return texts.Format(key, ("scope", scope.Id));
        }
        var scoped = requirement.Roles.Where(r => r != Role.Administrador || scope.Kind == ScopeKind.Any).ToList();
        var roles = JoinSpanish(scoped.Select(r => texts.Format(RegistryTextKeys.RolePlural(r))).ToList());
        if (scope.Kind == ScopeKind.Any)
        {
            return texts.Format(RegistryTextKeys.AuthRefusedAny, ("roles", roles));
        }
        var where = texts.Format(RegistryTextKeys.ScopePhrase(scope.Kind), ("scope", scope.Id));
        return texts.Format(requirement.Roles.Contains(Role.Administrador)
            ? RegistryTextKeys.AuthRefusedAnyScopeOrAdmin
            : RegistryTextKeys.AuthRefusedAnyScope, ("roles", roles), ("scope", where));
    }

    /// <summary>"a", "a o b", "a, b o c".</summary>
    private static string JoinSpanish(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " o " + items[^1],
    };

    /// <summary>
    /// Whether <paramref name="person"/> holds <paramref name="role"/> for <paramref name="scope"/>. A scope never widens a
    /// role: a region is covered only by its regional coordinators (and administrators) — a territorial coordinator, an
    /// adviser or a directive team of one territory of the region does not hold the region. A unit whose territory is
    /// unknown is covered only by its directive team and administrators.
    /// </summary>
    public static bool Holds(Person person, Role role, AccessScope scope)
    {
        var r = person.Roles;
        if (role == Role.Administrador)
        {
            return r.Administrador;
        }
        if (!r.Has(role))
        {
            return false;
        }
        var territory = scope.TerritoryId;
        bool InTerritory(IReadOnlyList<string> list) => territory is not null && list.Contains(territory, StringComparer.Ordinal);
        return (role, scope.Kind) switch
        {
            (_, ScopeKind.Any) => true,
            (Role.CoordinadorRegional, _) => scope.RegionCode is { } code && r.CoordinatedRegions.Contains(code, StringComparer.Ordinal),
            (_, ScopeKind.Region) => false,
            (Role.AsesorEtt or Role.ProfesionalUatp, _) => InTerritory(person.Territories),
            (Role.EquipoDirectivo, ScopeKind.Unit) => r.DirectiveUnits.Contains(scope.Id!, StringComparer.Ordinal),
            (Role.EquipoDirectivo, ScopeKind.Territory) => InTerritory(person.Territories),
            (Role.CoordinadorTerritorial, _) => InTerritory(r.CoordinatedTerritories),
            _ => false,
        };
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
