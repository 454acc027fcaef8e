using System.Globalization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

/// <summary>What a parser needs to validate references; lookups are cached per import run.</summary>
internal sealed class ParseContext(RegistryCatalog catalog, RegistryTexts texts, TerritoryStore territories, UnitStore units)
{
    private readonly Dictionary<string, Territory?> _territories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _units = new(StringComparer.Ordinal);

    public RegistryCatalog Catalog => catalog;

    public string Text(string key, params (string, object?)[] args) => texts.Format(key, args);

    public async Task<Territory?> TerritoryAsync(string id, CancellationToken ct)
    {
        if (!_territories.TryGetValue(id, out var t))
        {
            t = await territories.GetAsync(id, ct).ConfigureAwait(false);
            _territories[id] = t;
        }
        return t;
    }

    public async Task<bool> UnitExistsAsync(UnitCode code, CancellationToken ct)
    {
        if (!_units.TryGetValue(code.Id, out var exists))
        {
            exists = await units.GetAsync(code, ct).ConfigureAwait(false) is not null;
            _units[code.Id] = exists;
        }
        return exists;
    }
}

/// <summary>Turns one CSV row into a registry value, or into the list of reasons it is invalid.</summary>
internal interface IRowParser<T>
{
    CsvSchema Schema { get; }

    string KeyOf(T value);

    Task<(T? Value, IReadOnlyList<string> Errors)> ParseAsync(CsvRow row, ParseContext context, CancellationToken ct);
}

internal static class ColumnNames
{
    public const string UnitsPrefix = "units_";
    public const string StaffPrefix = "staff_";
}

internal sealed class TerritoryRowParser(RegistryCatalog catalog) : IRowParser<Territory>
{
    public CsvSchema Schema { get; } = new(
        ["region", "number", "name", "communes"],
        catalog.Programmes.Select(p => ColumnNames.UnitsPrefix + p.Id)
            .Concat(catalog.Disciplines.Select(d => ColumnNames.StaffPrefix + d.Id))
            .Concat(["representative", "meeting_frequency", "meeting_records", "other_agreements"])
            .ToList());

    public string KeyOf(Territory value) => value.Id;

    public Task<(Territory? Value, IReadOnlyList<string> Errors)> ParseAsync(CsvRow row, ParseContext context, CancellationToken ct)
    {
        var errors = new List<string>();
        var region = RequireRegion(row, "region", context, errors);
        var numberText = row["number"];
        int number = 0;
        if (numberText.Length == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "number")));
        }
        else if (!int.TryParse(numberText.TrimStart('N', 'n', '°', 'º', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number <= 0)
        {
            errors.Add(context.Text(RegistryTextKeys.TerritoryNumberInvalid, ("value", numberText)));
        }
        var name = TextMatching.Tidy(row["name"]);
        if (name.Length == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "name")));
        }
        var communes = row.List("communes").Select(TextMatching.Tidy).ToList();
        if (communes.Count == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "communes")));
        }
        foreach (var repeated in communes.GroupBy(TextMatching.MatchKey).Where(g => g.Count() > 1))
        {
            errors.Add(context.Text(RegistryTextKeys.CommuneRepeated, ("value", repeated.First())));
        }

        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in context.Catalog.Programmes)
        {
            var column = ColumnNames.UnitsPrefix + p.Id;
            var text = row[column];
            if (text.Length == 0)
            {
                continue;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                errors.Add(context.Text(RegistryTextKeys.CountInvalid, ("column", column), ("value", text)));
            }
            else if (count > 0)
            {
                units[p.Id] = count;
            }
        }
        var staff = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var d in context.Catalog.Disciplines)
        {
            var names = row.List(ColumnNames.StaffPrefix + d.Id).Select(TextMatching.Tidy).ToList();
            if (names.Count > 0)
            {
                staff[d.Id] = names;
            }
        }
        var organisation = new LearningCommunityOrganisation(
            TextMatching.Tidy(row["representative"]),
            TextMatching.Tidy(row["meeting_frequency"]),
            TextMatching.Tidy(row["meeting_records"]),
            row["other_agreements"]);

        Territory? territory = errors.Count > 0 || region is null
            ? null
            : new Territory(region.Code, region.Name, number, name, communes, units, staff, organisation);
        return Task.FromResult<(Territory?, IReadOnlyList<string>)>((territory, errors));
    }

    internal static Region? RequireRegion(CsvRow row, string column, ParseContext context, List<string> errors)
    {
        var text = row[column];
        if (text.Length == 0)
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", column)));
            return null;
        }
        var region = context.Catalog.FindRegion(text);
        if (region is null)
        {
            errors.Add(context.Text(RegistryTextKeys.RegionUnknown, ("value", text)));
        }
        return region;
    }
}

internal sealed class UnitRowParser : IRowParser<Unit>
{
    public CsvSchema Schema { get; } = new(
        ["territory", "code_type", "code", "name", "programme", "commune"],
        ["contact_names", "contact_roles", "contact_emails", "contact_aad_object_ids"]);

    public string KeyOf(Unit value) => value.Code.Id;

    public async Task<(Unit? Value, IReadOnlyList<string> Errors)> ParseAsync(CsvRow row, ParseContext context, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var column in Schema.Required.Where(c => row[c].Length == 0))
        {
            errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", column)));
        }

        UnitCode code = default;
        var codeOk = false;
        var codeText = row["code"];
        if (codeText.Length > 0)
        {
            switch (row["code_type"].ToLowerInvariant())
            {
                case "rbd":
                    codeOk = UnitCode.TryParseRbd(codeText, out code, out var why);
                    if (!codeOk)
                    {
                        errors.Add(context.Text(why == "checkdigit" ? RegistryTextKeys.RbdCheckDigit : RegistryTextKeys.RbdInvalid, ("value", codeText)));
                    }
                    break;
                case "junji":
                    codeOk = UnitCode.TryParseJunji(codeText, out code);
                    if (!codeOk)
                    {
                        errors.Add(context.Text(RegistryTextKeys.JunjiCodeInvalid, ("value", codeText)));
                    }
                    break;
                case "":
                    break;
                default:
                    errors.Add(context.Text(RegistryTextKeys.CodeTypeInvalid, ("value", row["code_type"])));
                    break;
            }
        }

        var programmeText = row["programme"];
        var programme = context.Catalog.FindProgramme(programmeText);
        if (programme is null && programmeText.Length > 0)
        {
            errors.Add(context.Text(RegistryTextKeys.ProgrammeUnknown, ("value", programmeText)));
        }

        var territoryText = row["territory"];
        var territoryId = TerritoryId.Normalize(territoryText);
        Territory? territory = null;
        if (territoryText.Length > 0)
        {
            if (territoryId is null)
            {
                errors.Add(context.Text(RegistryTextKeys.TerritoryIdInvalid, ("value", territoryText)));
            }
            else
            {
                territory = await context.TerritoryAsync(territoryId, ct).ConfigureAwait(false);
                if (territory is null)
                {
                    errors.Add(context.Text(RegistryTextKeys.TerritoryUnknown, ("value", territoryId)));
                }
            }
        }

        // The commune is written the way the territory spells it, so "niquen" becomes "Ñiquén".
        var communeText = TextMatching.Tidy(row["commune"]);
        var commune = communeText;
        if (territory is not null && communeText.Length > 0)
        {
            var match = territory.Communes.FirstOrDefault(c => TextMatching.SameName(c, communeText));
            if (match is null)
            {
                errors.Add(context.Text(RegistryTextKeys.CommuneNotInTerritory, ("value", communeText),
                    ("territory", territory.Id), ("communes", string.Join(", ", territory.Communes))));
            }
            else
            {
                commune = match;
            }
        }

        var contacts = ParseContacts(row, context, errors);
        var name = TextMatching.Tidy(row["name"]);
        if (errors.Count > 0 || !codeOk || programme is null || territory is null)
        {
            return (null, errors);
        }
        return (new Unit(code, name, programme.Id, territory.Id, commune, contacts), errors);
    }

    private static List<DirectiveContact> ParseContacts(CsvRow row, ParseContext context, List<string> errors)
    {
        var names = row.Positional("contact_names");
        var roles = row.Positional("contact_roles");
        var emails = row.Positional("contact_emails");
        var aads = row.Positional("contact_aad_object_ids");
        var count = names.Count;
        if ((roles.Count != count) || (emails.Count != 0 && emails.Count != count) || (aads.Count != 0 && aads.Count != count))
        {
            errors.Add(context.Text(RegistryTextKeys.ContactsMismatch, ("names", names.Count), ("roles", roles.Count),
                ("emails", emails.Count), ("aads", aads.Count)));
            return [];
        }
        var contacts = new List<DirectiveContact>();
        for (var i = 0; i < count; i++)
        {
            var name = TextMatching.Tidy(names[i]);
            if (name.Length == 0)
            {
                errors.Add(context.Text(RegistryTextKeys.RowRequired, ("column", "contact_names")));
                continue;
            }
            var role = context.Catalog.FindDirectiveRole(roles[i]);
            if (role is null)
            {
                errors.Add(context.Text(RegistryTextKeys.ContactRoleUnknown, ("value", roles[i])));
            }
            var email = emails.Count == 0 ? null : NullIfEmpty(emails[i]);
            if (email is not null && !Emails.IsValid(email))
            {
                errors.Add(context.Text(RegistryTextKeys.EmailInvalid, ("value", email)));
            }
            var aad = aads.Count == 0 ? null : NullIfEmpty(aads[i]);
            if (aad is not null && !AadIds.IsPlausible(aad))
            {
                errors.Add(context.Text(RegistryTextKeys.AadInvalid, ("value", aad)));
            }
            contacts.Add(new DirectiveContact(name, role?.Id ?? "", email is null ? null : PersonStore.NormalizeEmail(email),
                aad?.ToLowerInvariant()));
        }
        return contacts;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

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

internal static class AadIds
{
    /// <summary>
    /// Entra ID object ids are GUIDs; the Agents Playground uses GUID-like ids of other lengths
    /// ("00000000-0000-0000-0000-0000000000020"), so any run of hex digits and dashes is accepted.
    /// </summary>
    public static bool IsPlausible(string id) =>
        id.Length is >= 8 and <= 64 && id.All(c => char.IsAsciiHexDigit(c) || c == '-');
}

internal static class Emails
{
    /// <summary>A deliberately plain check (one @, something on each side, a dot in the domain, no spaces).</summary>
    public static bool IsValid(string email)
    {
        var e = email.Trim();
        var at = e.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == e.LastIndexOf('@') && at < e.Length - 1
               && e.IndexOf('.', at) > at + 1 && !e.EndsWith('.') && !e.Any(char.IsWhiteSpace);
    }
}
