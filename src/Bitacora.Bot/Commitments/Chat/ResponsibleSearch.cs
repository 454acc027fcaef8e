using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// Dynamic typeahead of the responsible pickers (creation form and «Gestionar»): dataset "commitment.people:{unit}";
/// the unit comes from the card's "unit" input when Teams sends the inputs (associatedInputs: auto), else from the
/// dataset. The same people as the static list (members of the conversation, the unit's directive team), filtered
/// by every word typed, accents and case ignored. Clients without Data.Query show the static list; the Agents Playground shows no choices at all with it, so Development turns it off (Commitments:DynamicTypeahead).
/// </summary>
public sealed class ResponsibleSearch(CommitmentForm form) : ISearchDataset
{
    public const string Name = "commitment.people";

    string ISearchDataset.Name => Name;

    public static string Dataset(string? unit) => Name + ":" + (unit ?? "");

    /// <summary>A unit's directive contacts: those who may create or reassign its commitments (its territorial and directive teams).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.ChangeCommitment).ScopedBy(UnitAsync);

    private static Task<ScopeLookup> UnitAsync(VerbRequest request, CancellationToken ct)
    {
        var data = (System.Text.Json.Nodes.JsonObject)request.Data.DeepClone();
        if (request.Field("unit") is not { Length: > 0 })
        {
            data["unit"] = request.Field("argument");
        }
        return CommitmentAccess.FormUnitAsync(request with { Data = data }, ct);
    }

    public async Task<IReadOnlyList<SearchResult>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var unitText = query.Data["unit"]?.ToString() is { Length: > 0 } typed ? typed : query.Argument;
        var unit = unitText is { Length: > 0 } ? CreateCommitmentAction.ParseUnit(unitText) : null;
        var people = await form.PeopleChoicesAsync(query.Turn, [], unit, cancellationToken);
        return people.Where(p => TextMatching.ContainsAllWords(p.Title, query.Text))
            .Skip(query.Skip).Take(query.Top).Select(p => new SearchResult(p.Title, p.Value)).ToList();
    }
}

/// <summary>The "Commitments" section as the chat side reads it.</summary>
public sealed class CommitmentChatOptions
{
    public const string SectionName = "Commitments";

    /// <summary>
    /// "Commitments:DynamicTypeahead" (default true). The Agents Playground does not support Data.Query and then shows
    /// no choices at all, so appsettings.Development.json turns it off: the cards carry only the static list.
    /// </summary>
    public bool DynamicTypeahead { get; set; } = true;
}
