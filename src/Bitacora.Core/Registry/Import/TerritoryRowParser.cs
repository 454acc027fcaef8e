using System.Globalization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

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
