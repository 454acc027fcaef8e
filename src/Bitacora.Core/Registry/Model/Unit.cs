using Bitacora.Bot.Registry.Identifiers;

namespace Bitacora.Bot.Registry.Model;

/// <summary>A member of a unit's directive team: who to remind and who may answer for the unit.</summary>
public sealed record DirectiveContact(string Name, string RoleId, string? Email, string? AadObjectId);

/// <summary>An educational unit (jardín infantil, school) of a territory.</summary>
public sealed record Unit(
    UnitCode Code,
    string Name,
    string ProgrammeId,
    string TerritoryId,
    string Commune,
    IReadOnlyList<DirectiveContact> Contacts)
{
    public string? ETag { get; init; }
}
