using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>What was typed on the «Gestionar compromiso» card (kept as typed, to show it again next to the errors).</summary>
public sealed record ManageInputs(string What = "", string Date = "", string Unit = "", string Responsible = "",
    string ReassignReason = "", string CancelReason = "");

/// <summary>
/// The «Gestionar compromiso» card: correct what / date / unit (units of the same territory), reassign (the unit's
/// directive team and the conversation's members, like the creation form) or cancel with a reason.
/// </summary>
public sealed class CommitmentManageCard(CardCatalog cards, CommitmentViews views, CommitmentForm form, UnitStore units)
{
    public const string Template = "commitment-manage";

    public async Task<JsonObject> RenderAsync(ITurnContext turn, Commitment c, ManageInputs? inputs, IReadOnlyList<string> errors,
        string notice, CancellationToken ct)
    {
        inputs ??= new ManageInputs(c.What, CommitmentViews.IsoDate(c.AccountabilityDate), c.Unit);
        var texts = views.Texts;
        var people = await form.PeopleChoicesAsync(turn, [], c.Unit, ct);
        people.RemoveAll(p => ResponsibleChoice.Decode(p.Value) is { } person && c.Responsible.IsOneOf(PersonRef.From(person).Keys));
        var model = new JsonObject
        {
            ["title"] = texts["manage.title"],
            ["notice"] = notice,
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["text"] = e }).ToArray()),
            ["c"] = await views.CommitmentModelAsync(c, ct),
            ["inputs"] = new JsonObject
            {
                ["what"] = inputs.What,
                ["date"] = inputs.Date,
                ["unit"] = inputs.Unit,
                ["responsible"] = inputs.Responsible,
                ["reassignReason"] = inputs.ReassignReason,
                ["cancelReason"] = inputs.CancelReason,
            },
            ["units"] = new JsonArray((await UnitChoicesAsync(c.Unit, ct)).Select(u => (JsonNode)new JsonObject { ["title"] = u.Title, ["value"] = u.Value }).ToArray()),
            ["people"] = new JsonArray(people.Select(p => (JsonNode)new JsonObject { ["title"] = p.Title, ["value"] = p.Value }).ToArray()),
            ["peopleStyle"] = "filtered",
            ["peopleDataset"] = ResponsibleSearch.Dataset(c.Unit),
            ["typeahead"] = form.Typeahead,
            ["minDate"] = CommitmentViews.IsoDate(views.Today),
        };
        return cards.Render(Template, model);
    }

    /// <summary>The units a commitment may move to: those of its unit's territory (its own first).</summary>
    public async Task<IReadOnlyList<(string Title, string Value)>> UnitChoicesAsync(string unitId, CancellationToken ct)
    {
        var result = new List<(string Title, string Value)> { (await views.UnitNameAsync(unitId, ct), unitId) };
        if (UnitCode.TryParse(unitId, out var code) && await units.GetAsync(code, ct) is { TerritoryId: { Length: > 0 } territory })
        {
            foreach (var u in (await units.ListByTerritoryAsync(territory, ct)).OrderBy(u => u.Name, StringComparer.Create(Texts.TextCatalog.Culture, true)))
            {
                if (u.Code.Id != unitId)
                {
                    result.Add(($"{u.Name} ({u.Code.Display})", u.Code.Id));
                }
            }
        }
        return result;
    }

    /// <summary>The territory of a registered unit, or null.</summary>
    public async Task<string?> TerritoryOfAsync(string unitId, CancellationToken ct) =>
        UnitCode.TryParse(unitId, out var code)
            ? (await units.GetAsync(code, ct))?.TerritoryId
            : null;
}
