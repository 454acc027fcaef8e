using System.Globalization;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Territories;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// Which logbook questions the territory registry already holds (JUNJI «Antecedentes», unidades, dotación,
/// organización): read to prefill a new logbook, and written back when the team corrects them in the logbook.
/// Region and territory number are the territory's key: prefilled, never written back. The Nº of each discipline is
/// prefilled from the names the registry lists (the registry keeps names, not counts).
/// Question ids follow the guide (junji-bitacora-ett.json); a mapped question missing from a guide is skipped.
/// </summary>
public sealed class RegistryFields(RegistryCatalog catalog)
{
    private sealed record Field(
        string QuestionId,
        Func<Territory, AnswerValue?> Read,
        Func<TerritoryForm, string, TerritoryForm>? Write);

    private IReadOnlyList<Field>? _fields;

    private IReadOnlyList<Field> Fields => _fields ??= Build();

    private IReadOnlyList<Field> Build()
    {
        var list = new List<Field>
        {
            new("region", t => Text(t.RegionName.Length > 0 ? t.RegionName : catalog.RegionByCode(t.RegionCode)?.Name), null),
            new("numero-territorio", t => new NumberAnswer(t.Number), null),
            new("nombre-territorio", t => Text(t.Name), (f, v) => f with { Name = v }),
            new("comunas-territorio", t => Text(string.Join(", ", t.Communes)), (f, v) => f with { Communes = v }),
            new("representante-territorial", t => Text(t.Organisation.Representative), (f, v) => f with { Representative = v }),
            new("frecuencia-reuniones", t => Text(t.Organisation.MeetingFrequency), (f, v) => f with { MeetingFrequency = v }),
            new("registro-plataforma", t => Text(t.Organisation.MeetingRecords), (f, v) => f with { MeetingRecords = v }),
            new("otros-organizacion", t => Text(t.Organisation.OtherAgreements), (f, v) => f with { OtherAgreements = v }),
        };
        foreach (var programme in catalog.Programmes)
        {
            var id = programme.Id;
            list.Add(new("ue-" + id.Replace('_', '-'),
                t => t.UnitsByProgramme.TryGetValue(id, out var n) ? new NumberAnswer(n) : null,
                (f, v) => f with { Units = With(f.Units, id, v) }));
        }
        foreach (var discipline in catalog.Disciplines)
        {
            var id = discipline.Id;
            var suffix = id switch
            {
                "psicologo_educacional" => "sicologo-educacional",
                "otra" => "otra-disciplina",
                _ => id.Replace('_', '-'),
            };
            list.Add(new("dotacion-" + suffix,
                t => t.StaffByDiscipline.TryGetValue(id, out var names) && names.Count > 0 ? new NumberAnswer(names.Count) : null, null));
            list.Add(new("nombres-" + suffix,
                t => t.StaffByDiscipline.TryGetValue(id, out var names) ? Text(string.Join("\n", names)) : null,
                (f, v) => f with { Staff = With(f.Staff, id, v) }));
        }
        return list;
    }

    /// <summary>The registry's values for the guide's questions (only those that have a value).</summary>
    public IReadOnlyDictionary<string, AnswerValue> Prefill(Territory territory, Guide guide) =>
        Fields.Where(f => guide.FindQuestion(f.QuestionId) is not null)
            .Select(f => (f.QuestionId, Value: f.Read(territory)))
            .Where(x => x.Value is { IsEmpty: false })
            .ToDictionary(x => x.QuestionId, x => x.Value!, StringComparer.Ordinal);

    /// <summary>True when a change of this question goes back to the registry.</summary>
    public bool WritesBack(string questionId) => Fields.Any(f => f.QuestionId == questionId && f.Write is not null);

    /// <summary>The territory's edit form with the changed logbook answers applied (raw card text, as the form reads it).</summary>
    public TerritoryForm Apply(TerritoryForm form, IReadOnlyDictionary<string, string> changed)
    {
        foreach (var field in Fields)
        {
            if (field.Write is not null && changed.TryGetValue(field.QuestionId, out var raw))
            {
                form = field.Write(form, raw);
            }
        }
        return form;
    }

    private static TextAnswer? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : new TextAnswer(value.Trim());

    private static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> map, string key, string value) =>
        new Dictionary<string, string>(map, StringComparer.Ordinal) { [key] = value.Trim() };

    public static string Invariant(decimal number) => number.ToString(CultureInfo.InvariantCulture);
}
