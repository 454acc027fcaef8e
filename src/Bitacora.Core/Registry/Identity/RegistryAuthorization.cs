using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// The registry's reading of roles and scopes: a territory id for asesor/profesional and coordinador territorial, a
/// unit id for equipo directivo, a region code for coordinador regional; administrators pass only administrator
/// checks. The one place that answers "does this person hold this role here"; the verb gate (Hosting/Authorization)
/// asks it for every command and card action and words the refusals.
/// </summary>
public static class RegistryAuthorization
{
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
}
