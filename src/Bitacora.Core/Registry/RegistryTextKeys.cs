using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Registry;

/// <summary>Keys of Content/Texts/registry.es-CL.json; the file is checked against <see cref="All"/> when loaded.</summary>
public static class RegistryTextKeys
{
    public const string CsvEmptyFile = "csv.empty_file";
    public const string CsvNotUtf8 = "csv.not_utf8";
    public const string CsvMissingColumns = "csv.missing_columns";
    public const string CsvUnknownColumns = "csv.unknown_columns";
    public const string CsvDuplicateColumns = "csv.duplicate_columns";
    public const string CsvUnterminatedQuote = "csv.unterminated_quote";
    public const string CsvStrayQuote = "csv.stray_quote";
    public const string CsvFieldCount = "csv.field_count";
    public const string CsvFieldTooLong = "csv.field_too_long";
    public const string RowRequired = "row.required";
    public const string RowDuplicateKey = "row.duplicate_key";
    public const string RegionUnknown = "region.unknown";
    public const string TerritoryNumberInvalid = "territory.number_invalid";
    public const string TerritoryIdInvalid = "territory.id_invalid";
    public const string TerritoryUnknown = "territory.unknown";
    public const string CountInvalid = "territory.count_invalid";
    public const string CommuneRepeated = "territory.commune_repeated";
    public const string CodeTypeInvalid = "unit.code_type_invalid";
    public const string RbdInvalid = "unit.rbd_invalid";
    public const string RbdCheckDigit = "unit.rbd_check_digit";
    public const string JunjiCodeInvalid = "unit.junji_code_invalid";
    public const string ProgrammeUnknown = "unit.programme_unknown";
    public const string CommuneNotInTerritory = "unit.commune_not_in_territory";
    public const string ContactsMismatch = "unit.contacts_mismatch";
    public const string ContactRoleUnknown = "unit.contact_role_unknown";
    public const string EmailInvalid = "person.email_invalid";
    public const string RutInvalid = "person.rut_invalid";
    public const string AadInvalid = "person.aad_invalid";
    public const string RoleUnknown = "person.role_unknown";
    public const string DisciplineUnknown = "person.discipline_unknown";
    public const string UnitCodeInvalid = "person.unit_code_invalid";
    public const string UnitUnknown = "person.unit_unknown";
    public const string ImportConflict = "import.conflict";
    public const string CliLine = "cli.line";
    public const string CliProgressCheck = "cli.progress_check";
    public const string CliProgressWrite = "cli.progress_write";
    public const string CliRow = "cli.row";
    public const string CliSummary = "cli.summary";
    public const string CliSummaryDryRun = "cli.summary_dry_run";
    public const string CliStrictAborted = "cli.strict_aborted";
    public const string CliHeaderAborted = "cli.header_aborted";
    public const string CliFileNotFound = "cli.file_not_found";
    public const string CliMissingFile = "cli.missing_file";
    public const string CliUnknownOption = "cli.unknown_option";
    public const string CliMissingValue = "cli.missing_value";
    public const string CliStorageFailed = "cli.storage_failed";
    public const string OutcomeCreated = "outcome.Created";
    public const string OutcomeUpdated = "outcome.Updated";
    public const string OutcomeUnchanged = "outcome.Unchanged";
    public const string OutcomeWouldCreate = "outcome.would.Created";
    public const string OutcomeWouldUpdate = "outcome.would.Updated";
    /// <summary>"role.label.AsesorEtt" — "Asesor/a ETT", for the profile.</summary>
    public static string RoleLabel(Role role) => "role.label." + role;

    public static IReadOnlyList<string> All { get; } = typeof(RegistryTextKeys)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Concat(Enum.GetValues<Role>().Select(RoleLabel))
        .ToList();
}
