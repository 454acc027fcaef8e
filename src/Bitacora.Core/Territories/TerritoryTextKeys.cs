using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Territories;

/// <summary>Keys of Content/Texts/registry.es-CL.json used by the Teams commands of the registry.</summary>
public static class TerritoryTextKeys
{
    public const string Unknown = "territory.cmd.unknown";
    public const string Ambiguous = "territory.cmd.ambiguous";
    public const string NoneRegistered = "territory.cmd.none_registered";
    public const string AskWhich = "territory.cmd.ask_which";
    public const string Saved = "territory.card.saved";
    public const string Unchanged = "territory.card.unchanged";
    public const string Conflict = "territory.card.conflict";
    public const string ConflictFields = "territory.card.conflict_fields";
    public const string Gone = "territory.card.gone";
    public const string Invalid = "territory.card.invalid";
    public const string NameRequired = "territory.form.name_required";
    public const string CommunesRequired = "territory.form.communes_required";
    public const string CommuneRepeated = "territory.form.commune_repeated";
    public const string CountInvalid = "territory.form.count_invalid";
    public const string FieldName = "territory.field.name";
    public const string FieldCommunes = "territory.field.communes";
    public const string FieldUnits = "territory.field.units";
    public const string FieldStaff = "territory.field.staff";
    public const string FieldOrganisation = "territory.field.organisation";
    public const string PeopleHeader = "people.cmd.header";
    public const string PeopleRow = "people.cmd.row";
    public const string PeopleLinked = "people.cmd.linked";
    public const string PeopleNotLinked = "people.cmd.not_linked";
    public const string PeopleEmpty = "people.cmd.empty";
    public const string ProfileTitle = "profile.title";
    public const string ProfileName = "profile.name";
    public const string ProfileEmail = "profile.email";
    public const string ProfileDiscipline = "profile.discipline";
    public const string ProfileRoles = "profile.roles";
    public const string ProfileNoRoles = "profile.no_roles";
    public const string ProfileTerritories = "profile.territories";
    public const string ProfileCoordinates = "profile.coordinates";
    public const string ProfileDirectiveUnits = "profile.directive_units";
    public const string ProfileLinkedNow = "profile.linked_now";
    public const string ProfileHint = "profile.hint";
    public const string ProfileUnknown = "profile.unknown";

    public static string ProfileMatch(IdentityMatch match) => "profile.match." + match;

    public static IEnumerable<string> All => typeof(TerritoryTextKeys)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Concat(Enum.GetValues<IdentityMatch>().Select(ProfileMatch));
}
