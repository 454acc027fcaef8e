using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A dataset of an Adaptive Card's dynamic typeahead (<c>Input.ChoiceSet</c> with <c>choices.data</c> of type
/// <c>Data.Query</c>): Teams sends an <c>application/search</c> invoke as the person types. A feature registers one
/// per dataset name; the card's dataset is "{Name}" or "{Name}:{argument}".
/// </summary>
public interface ISearchDataset
{
    string Name { get; }

    /// <summary>Who may search it and on which scope; checked by <see cref="SearchInvokeHandler"/> like a card action's.</summary>
    AccessRule Rule { get; }

    Task<IReadOnlyList<SearchResult>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}

public sealed record SearchResult(string Title, string Value);

/// <param name="Data">The card's inputs Teams sent with the query (<c>associatedInputs: auto</c>), plus "argument".</param>
public sealed record SearchQuery(ITurnContext Turn, string Text, int Skip, int Top, string? Argument, JsonObject Data);

/// <summary>
/// Answers <c>application/search</c>: value {queryText, queryOptions {skip, top}, dataset, data} → 200 with
/// {"type": "application/vnd.microsoft.search.searchResponse", "value": {"results": [{title, value}]}} (the shapes of
/// Microsoft's «Typeahead search in Adaptive Cards»). An unknown dataset or a refused person gets no results.
/// </summary>
public sealed class SearchInvokeHandler(IEnumerable<ISearchDataset> datasets, VerbGate gate, ILogger<SearchInvokeHandler> logger)
{
    public const string InvokeName = "application/search";
    public const string ResponseType = "application/vnd.microsoft.search.searchResponse";
    public const int MaxTop = 15;

    public async Task<InvokeResponse> HandleAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var value = turn.Activity.Value as JsonObject;
        var dataset = value?["dataset"]?.ToString() ?? "";
        var colon = dataset.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? dataset : dataset[..colon];
        var argument = colon < 0 ? null : dataset[(colon + 1)..];
        var found = datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
        if (found is null || dataset.Length > 300)
        {
            logger.LogWarning("application/search for an unknown dataset ({Length} characters)", dataset.Length);
            return Results([]);
        }
        var data = value?["data"] is JsonObject inputs ? (JsonObject)inputs.DeepClone() : new JsonObject();
        if (argument is not null)
        {
            data["argument"] = argument;
        }
        var decision = await gate.CheckAsync(turn, "search:" + name, found.Rule, "", data, cancellationToken);
        if (decision is GateDecision.Refused)
        {
            return Results([]);
        }
        var options = value?["queryOptions"] as JsonObject;
        var skip = Math.Max(0, Int(options?["skip"]) ?? 0);
        var top = Math.Clamp(Int(options?["top"]) ?? MaxTop, 1, MaxTop);
        var text = (value?["queryText"]?.ToString() ?? "").Trim();
        var results = await found.SearchAsync(new SearchQuery(turn, text.Length > 100 ? text[..100] : text, skip, top, argument, data),
            cancellationToken);
        return Results(results.Take(top).ToList());
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i
        : int.TryParse(node?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var j) ? j : null;

    private static InvokeResponse Results(IReadOnlyList<SearchResult> results) => new(200, new JsonObject
    {
        ["type"] = ResponseType,
        ["value"] = new JsonObject
        {
            ["results"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject { ["title"] = r.Title, ["value"] = r.Value }).ToArray()),
        },
    });
}
