using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Territories;

/// <summary>
/// The territory cards: "territory" (JUNJI "Antecedentes del territorio y del ETT", read-only, with "Editar" for
/// administrators) and "territory-edit" (the form). View models are complete — "" or "—" instead of null — as the
/// templating engine requires. Both carry the territory id and the ETag they were rendered from in the action data.
/// </summary>
public sealed class TerritoryCards(CardCatalog cards, RegistryCatalog catalog)
{
    public const string ViewTemplate = "territory";
    public const string EditTemplate = "territory-edit";
    public const string EditVerb = "territory.edit";
    public const string SaveVerb = "territory.save";
    public const string ViewVerb = "territory.view";

    private const string Dash = "—";

    public static IReadOnlyList<string> Templates { get; } = [ViewTemplate, EditTemplate];

    /// <param name="noticeColor">"Good" after a save, "Attention" for problems, "Default" otherwise.</param>
    public JsonObject View(Territory t, bool canEdit, string notice = "", string noticeColor = "Default")
    {
        var data = new JsonObject
        {
            ["id"] = t.Id,
            ["etag"] = t.ETag ?? "",
            ["regionName"] = OrDash(t.RegionName),
            ["number"] = t.Number.ToString(CultureInfo.InvariantCulture),
            ["name"] = OrDash(t.Name),
            ["communes"] = t.Communes.Count == 0 ? Dash : string.Join(", ", t.Communes),
            ["programmes"] = new JsonArray(catalog.Programmes.Select(p => (JsonNode)new JsonObject
            {
                ["label"] = p.Label,
                ["count"] = t.UnitsByProgramme.GetValueOrDefault(p.Id).ToString(CultureInfo.InvariantCulture),
            }).ToArray()),
            ["totalUnits"] = t.TotalUnits.ToString(CultureInfo.InvariantCulture),
            ["disciplines"] = new JsonArray(catalog.Disciplines.Select(d =>
            {
                var names = t.StaffByDiscipline.GetValueOrDefault(d.Id) ?? [];
                return (JsonNode)new JsonObject
                {
                    ["label"] = d.Label,
                    ["count"] = names.Count.ToString(CultureInfo.InvariantCulture),
                    ["names"] = names.Count == 0 ? Dash : string.Join(", ", names),
                };
            }).ToArray()),
            ["totalStaff"] = t.TotalStaff.ToString(CultureInfo.InvariantCulture),
            ["representative"] = OrDash(t.Organisation.Representative),
            ["meetingFrequency"] = OrDash(t.Organisation.MeetingFrequency),
            ["meetingRecords"] = OrDash(t.Organisation.MeetingRecords),
            ["otherAgreements"] = OrDash(t.Organisation.OtherAgreements),
            ["canEdit"] = canEdit,
            ["notice"] = notice,
            ["noticeColor"] = noticeColor,
        };
        return cards.Render(ViewTemplate, data);
    }

    /// <summary>The edit form for <paramref name="t"/> (id, region, ETag) showing <paramref name="form"/>'s values.</summary>
    public JsonObject Edit(Territory t, TerritoryForm form, string notice = "", IReadOnlyList<string>? errors = null)
    {
        var data = new JsonObject
        {
            ["id"] = t.Id,
            ["etag"] = t.ETag ?? "",
            ["regionName"] = OrDash(t.RegionName),
            ["notice"] = notice,
            ["errors"] = new JsonArray((errors ?? []).Select(e => (JsonNode)new JsonObject { ["message"] = e }).ToArray()),
            ["form"] = new JsonObject
            {
                ["name"] = form.Name,
                ["communes"] = form.Communes,
                ["programmes"] = new JsonArray(catalog.Programmes.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.Id,
                    ["label"] = p.Label,
                    ["value"] = form.Units.GetValueOrDefault(p.Id, ""),
                }).ToArray()),
                ["disciplines"] = new JsonArray(catalog.Disciplines.Select(d => (JsonNode)new JsonObject
                {
                    ["id"] = d.Id,
                    ["label"] = d.Label,
                    ["value"] = form.Staff.GetValueOrDefault(d.Id, ""),
                }).ToArray()),
                ["representative"] = form.Representative,
                ["meetingFrequency"] = form.MeetingFrequency,
                ["meetingRecords"] = form.MeetingRecords,
                ["otherAgreements"] = form.OtherAgreements,
            },
        };
        return cards.Render(EditTemplate, data);
    }

    private static string OrDash(string? s) => string.IsNullOrWhiteSpace(s) ? Dash : s;
}
