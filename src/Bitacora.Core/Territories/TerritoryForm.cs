using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Territories;

/// <summary>
/// The edit form of a territory as text, exactly as typed (so a form sent back with an error keeps every keystroke).
/// Input ids: f_name, f_communes, f_units_{programme}, f_staff_{discipline}, f_representative, f_meetingFrequency,
/// f_meetingRecords, f_otherAgreements.
/// </summary>
public sealed record TerritoryForm(
    string Name,
    string Communes,
    IReadOnlyDictionary<string, string> Units,
    IReadOnlyDictionary<string, string> Staff,
    string Representative,
    string MeetingFrequency,
    string MeetingRecords,
    string OtherAgreements)
{
    private static readonly char[] ListSeparators = [',', ';', '|', '\n', '\r'];

    /// <summary>The form pre-filled with the stored values.</summary>
    public static TerritoryForm From(Territory t, RegistryCatalog catalog) => new(
        t.Name,
        string.Join(", ", t.Communes),
        catalog.Programmes.ToDictionary(p => p.Id,
            p => t.UnitsByProgramme.GetValueOrDefault(p.Id).ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal),
        catalog.Disciplines.ToDictionary(d => d.Id,
            d => string.Join(", ", t.StaffByDiscipline.GetValueOrDefault(d.Id) ?? []), StringComparer.Ordinal),
        t.Organisation.Representative,
        t.Organisation.MeetingFrequency,
        t.Organisation.MeetingRecords,
        t.Organisation.OtherAgreements);

    /// <summary>The form as the card sent it back (missing inputs read as empty).</summary>
    public static TerritoryForm Read(JsonObject data, RegistryCatalog catalog)
    {
        string Get(string id) => data[id] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            null => "",
            var other => other.ToString(),
        };
        return new TerritoryForm(
            Get("f_name"),
            Get("f_communes"),
            catalog.Programmes.ToDictionary(p => p.Id, p => Get("f_units_" + p.Id), StringComparer.Ordinal),
            catalog.Disciplines.ToDictionary(d => d.Id, d => Get("f_staff_" + d.Id), StringComparer.Ordinal),
            Get("f_representative"),
            Get("f_meetingFrequency"),
            Get("f_meetingRecords"),
            Get("f_otherAgreements"));
    }

    /// <summary>
    /// The territory with the form's values applied to <paramref name="current"/> (region and number never change
    /// here: they are the key), or the Spanish reasons why not.
    /// </summary>
    public (Territory? Territory, IReadOnlyList<string> Errors) Apply(Territory current, RegistryCatalog catalog, RegistryTexts texts)
    {
        var errors = new List<string>();
        var name = TextMatching.Tidy(Name);
        if (name.Length == 0)
        {
            errors.Add(texts.Format(TerritoryTextKeys.NameRequired));
        }
        var communes = SplitList(Communes);
        if (communes.Count == 0)
        {
            errors.Add(texts.Format(TerritoryTextKeys.CommunesRequired));
        }
        foreach (var repeated in communes.GroupBy(TextMatching.MatchKey).Where(g => g.Count() > 1))
        {
            errors.Add(texts.Format(TerritoryTextKeys.CommuneRepeated, ("value", repeated.First())));
        }
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var programme in catalog.Programmes)
        {
            var typed = Units.GetValueOrDefault(programme.Id, "").Trim();
            if (typed.Length == 0)
            {
                units[programme.Id] = 0;
            }
            else if (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 99_999)
            {
                units[programme.Id] = count;
            }
            else
            {
                errors.Add(texts.Format(TerritoryTextKeys.CountInvalid, ("label", programme.Label), ("value", typed)));
            }
        }
        var staff = catalog.Disciplines.ToDictionary(d => d.Id,
            d => (IReadOnlyList<string>)SplitList(Staff.GetValueOrDefault(d.Id, "")), StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var updated = current with
        {
            Name = name,
            Communes = communes,
            UnitsByProgramme = units,
            StaffByDiscipline = staff,
            Organisation = new LearningCommunityOrganisation(
                TextMatching.Tidy(Representative), TextMatching.Tidy(MeetingFrequency),
                TextMatching.Tidy(MeetingRecords), TextMatching.Tidy(OtherAgreements)),
        };
        return (updated, []);
    }

    /// <summary>The Spanish names of the parts where this form differs from <paramref name="other"/> (for conflict notices).</summary>
    public IReadOnlyList<string> DifferencesFrom(TerritoryForm other, RegistryTexts texts)
    {
        var fields = new List<string>();
        if (TextMatching.Tidy(Name) != TextMatching.Tidy(other.Name))
        {
            fields.Add(texts.Format(TerritoryTextKeys.FieldName));
        }
        if (!SplitList(Communes).SequenceEqual(SplitList(other.Communes)))
        {
            fields.Add(texts.Format(TerritoryTextKeys.FieldCommunes));
        }
        if (Units.Any(kv => kv.Value.Trim() != other.Units.GetValueOrDefault(kv.Key, "").Trim()))
        {
            fields.Add(texts.Format(TerritoryTextKeys.FieldUnits));
        }
        if (Staff.Any(kv => !SplitList(kv.Value).SequenceEqual(SplitList(other.Staff.GetValueOrDefault(kv.Key, "")))))
        {
            fields.Add(texts.Format(TerritoryTextKeys.FieldStaff));
        }
        if ((TextMatching.Tidy(Representative), TextMatching.Tidy(MeetingFrequency), TextMatching.Tidy(MeetingRecords), TextMatching.Tidy(OtherAgreements))
            != (TextMatching.Tidy(other.Representative), TextMatching.Tidy(other.MeetingFrequency),
                TextMatching.Tidy(other.MeetingRecords), TextMatching.Tidy(other.OtherAgreements)))
        {
            fields.Add(texts.Format(TerritoryTextKeys.FieldOrganisation));
        }
        return fields;
    }

    /// <summary>"Chillán, Bulnes\nPinto" → ["Chillán", "Bulnes", "Pinto"] (tidied, empties dropped).</summary>
    public static IReadOnlyList<string> SplitList(string text) =>
        text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries)
            .Select(TextMatching.Tidy)
            .Where(s => s.Length > 0)
            .ToList();
}
