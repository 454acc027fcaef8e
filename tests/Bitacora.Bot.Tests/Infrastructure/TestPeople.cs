using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Tests.Infrastructure;

/// <summary>
/// Registers the people tests act as, already linked to the Teams ids <see cref="BotPipeline.Activity"/> sends
/// ("29:…", AAD object id "aad-29:…"), so the router's authorization sees them with their roles.
/// </summary>
internal static class TestPeople
{
    public static PersonRoles Adviser { get; } = PersonRoles.None with { AsesorEtt = true };

    public static PersonRoles Administrator { get; } = PersonRoles.None with { Administrador = true };

    public static PersonRoles DirectiveOf(params string[] unitIds) => PersonRoles.None with { DirectiveUnits = unitIds };

    public static PersonRoles CoordinatorOf(params string[] territoryIds) => PersonRoles.None with { CoordinatedTerritories = territoryIds };

    public static PersonRoles RegionalCoordinatorOf(params string[] regionCodes) => PersonRoles.None with { CoordinatedRegions = regionCodes };

    /// <summary>Writes the person (email "{id}@test.example") with the Teams and AAD ids the pipeline's activities carry.</summary>
    public static async Task<Person> RegisterAsync(this BotPipeline bot, string teamsUserId, string name, PersonRoles roles,
        params string[] territories)
    {
        var local = new string(teamsUserId.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        var person = new Person($"{local}@test.example", name, null, "aad-" + teamsUserId, teamsUserId, null, territories, roles);
        var result = await bot.Get<PersonStore>().SaveIfChangedAsync(person);
        bot.Get<ITurnIdentity>().InvalidateAll();
        return result.Value ?? person;
    }

    /// <summary>A unit of <paramref name="territoryId"/> in the registry (no contacts), e.g. "junji:16101001".</summary>
    public static async Task RegisterUnitAsync(this BotPipeline bot, string unitId, string name, string territoryId)
    {
        if (!Bitacora.Bot.Registry.Identifiers.UnitCode.TryParse(unitId, out var code))
        {
            throw new ArgumentException("Not a unit id: " + unitId, nameof(unitId));
        }
        await bot.Get<UnitStore>().SaveIfChangedAsync(new Unit(code, name, "jardin_clasico_ad", territoryId, "Chillán", []));
    }
}
