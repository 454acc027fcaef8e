using System.Globalization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

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
