using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;

namespace Bitacora.Bot.Coordination;

/// <summary>Renders the coordination view models with their templates (camelCase properties, as the templates read them).</summary>
public static class CoordinationCardRendering
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonObject Render(this CardCatalog cards, CoordinationListCard card) =>
        cards.Render(CoordinationListCard.Template, JsonSerializer.SerializeToNode(card, Options));

    public static JsonObject Render(this CardCatalog cards, CoordinationReportCard card) =>
        cards.Render(CoordinationReportCard.Template, JsonSerializer.SerializeToNode(card, Options));
}
