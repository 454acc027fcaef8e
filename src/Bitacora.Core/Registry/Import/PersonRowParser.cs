using System.Globalization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

internal sealed class PersonRowParser : IRowParser<Person>
{
    private static readonly IReadOnlyDictionary<string, Role> PlainRoles = new Dictionary<string, Role>(StringComparer.Ordinal)
    {
        ["asesor_ett"] = Role.AsesorEtt,
        ["profesional_uatp"] = Role.ProfesionalUatp,
        ["administrador"] = Role.Administrador,
    };

    public CsvSchema Schema { get; } = new(
        ["email", "name"],
        ["rut", "aad_object_id", "teams_user_id", "discipline", "territories", "roles", "directive_units",
            "coordinated_territories", "coordinated_regions"]);

    public string KeyOf(Person value) => value.Email;

    public async Task<(Person? Value, IReadOnlyList<string> Errors)> ParseAsync(CsvRow row, ParseContext context, CancellationToken ct)
    {
        var errors = new List<string>();
        var email = row["email"];
        if (email.Length == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "email")));
        }
        else if (!Emails.IsValid(email))
        {
            errors.Add(context.Text(RegistryTextKeys.EmailInvalid, ("value", email)));
        }
        var name = TextMatching.Tidy(row["name"]);
        if (name.Length == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "name")));
        }

        string? rut = null;
        if (row["rut"].Length > 0)
        {
            if (Rut.TryParse(row["rut"], out var parsed))
            {
                rut = parsed.ToString();
            }
            else
            {
                errors.Add(context.Text(RegistryTextKeys.RutInvalid, ("value", row["rut"])));
            }
        }
        string? aad = null;
        if (row["aad_object_id"].Length > 0)
        {
            if (AadIds.IsPlausible(row["aad_object_id"]))
            {
                aad = row["aad_object_id"].ToLowerInvariant();
            }
            else
            {
                errors.Add(context.Text(RegistryTextKeys.AadInvalid, ("value", row["aad_object_id"])));
            }
        }
        var teamsUserId = row["teams_user_id"].Length > 0 ? row["teams_user_id"] : null;

        string? discipline = null;
        if (row["discipline"].Length > 0)
        {
            discipline = context.Catalog.FindDiscipline(row["discipline"])?.Id;
            if (discipline is null)
            {
                errors.Add(context.Text(RegistryTextKeys.DisciplineUnknown, ("value", row["discipline"])));
            }
        }

        var plain = new HashSet<Role>();
        foreach (var token in row.List("roles"))
        {
            if (PlainRoles.TryGetValue(TextMatching.MatchKey(token), out var role))
            {
                plain.Add(role);
            }
            else
            {
                errors.Add(context.Text(RegistryTextKeys.RoleUnknown, ("value", token)));
            }
        }

        var territories = await TerritoryIdsAsync(row, "territories", context, errors, ct).ConfigureAwait(false);
        var coordinated = await TerritoryIdsAsync(row, "coordinated_territories", context, errors, ct).ConfigureAwait(false);
        var units = new List<string>();
        foreach (var token in row.List("directive_units"))
        {
            if (!UnitCode.TryParse(token, out var code))
            {
                errors.Add(context.Text(RegistryTextKeys.UnitCodeInvalid, ("value", token)));
            }
            else if (!await context.UnitExistsAsync(code, ct).ConfigureAwait(false))
            {
                errors.Add(context.Text(RegistryTextKeys.UnitUnknown, ("value", code.Id)));
            }
            else if (!units.Contains(code.Id))
            {
                units.Add(code.Id);
            }
        }
        var regions = new List<string>();
        foreach (var token in row.List("coordinated_regions"))
        {
            var region = context.Catalog.FindRegion(token);
            if (region is null)
            {
                errors.Add(context.Text(RegistryTextKeys.RegionUnknown, ("value", token)));
            }
            else if (!regions.Contains(region.Code))
            {
                regions.Add(region.Code);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var roles = new PersonRoles(plain.Contains(Role.AsesorEtt), plain.Contains(Role.ProfesionalUatp),
            plain.Contains(Role.Administrador), units, coordinated, regions);
        return (new Person(PersonStore.NormalizeEmail(email), name, rut, aad, teamsUserId, discipline, territories, roles), errors);
    }

    private static async Task<List<string>> TerritoryIdsAsync(CsvRow row, string column, ParseContext context,
        List<string> errors, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var token in row.List(column))
        {
            var id = TerritoryId.Normalize(token);
            if (id is null)
            {
                errors.Add(context.Text(RegistryTextKeys.TerritoryIdInvalid, ("value", token)));
            }
            else if (await context.TerritoryAsync(id, ct).ConfigureAwait(false) is null)
            {
                errors.Add(context.Text(RegistryTextKeys.TerritoryUnknown, ("value", id)));
            }
            else if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
