namespace Bitacora.Bot.Registry.Model;

public enum Role
{
    AsesorEtt,
    ProfesionalUatp,
    EquipoDirectivo,
    CoordinadorTerritorial,
    CoordinadorRegional,
    Administrador,
}

/// <summary>
/// What a person may do. Scoped roles carry their scope: unit ids ("rbd:12345") for the directive team,
/// territory ids ("16-1") for territorial coordination, region codes ("16") for regional coordination.
/// </summary>
public sealed record PersonRoles(
    bool AsesorEtt,
    bool ProfesionalUatp,
    bool Administrador,
    IReadOnlyList<string> DirectiveUnits,
    IReadOnlyList<string> CoordinatedTerritories,
    IReadOnlyList<string> CoordinatedRegions)
{
    public static PersonRoles None { get; } = new(false, false, false, [], [], []);

    public bool Has(Role role) => role switch
    {
        Role.AsesorEtt => AsesorEtt,
        Role.ProfesionalUatp => ProfesionalUatp,
        Role.Administrador => Administrador,
        Role.EquipoDirectivo => DirectiveUnits.Count > 0,
        Role.CoordinadorTerritorial => CoordinatedTerritories.Count > 0,
        Role.CoordinadorRegional => CoordinatedRegions.Count > 0,
        _ => false,
    };

    public IReadOnlyList<Role> All => Enum.GetValues<Role>().Where(Has).ToList();
}

/// <summary>
/// Someone the bot knows. <see cref="Email"/> (lower-case, also the UPN when that is what the tenant uses) is the
/// registry key; <see cref="AadObjectId"/> and <see cref="TeamsUserId"/> are filled in when the person first talks
/// to the bot, or by an import.
/// </summary>
public sealed record Person(
    string Email,
    string Name,
    string? Rut,
    string? AadObjectId,
    string? TeamsUserId,
    string? DisciplineId,
    IReadOnlyList<string> Territories,
    PersonRoles Roles)
{
    public string? ETag { get; init; }
}
