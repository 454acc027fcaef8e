using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Bitacora.Testing;

/// <summary>
/// Azure Table Storage refuses a <c>$filter</c> with more than 15 discrete comparisons ("Querying tables and entities",
/// Storage REST reference); Azurite accepts any number. Clients made by <see cref="AzuriteFixture.CreateServiceClient"/>
/// carry this policy, so a query that would fail against the real service fails in the tests too.
/// </summary>
public sealed partial class TableQueryLimits : HttpPipelineSynchronousPolicy
{
    public const int MaxComparisons = 15;

    public override void OnSendingRequest(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        var at = query.IndexOf("$filter=", StringComparison.Ordinal);
        if (at < 0) return;
        var end = query.IndexOf('&', at);
        var filter = Uri.UnescapeDataString(query[(at + "$filter=".Length)..(end < 0 ? query.Length : end)].Replace('+', ' '));
        if (Comparisons(filter) is var n and > MaxComparisons)
        {
            throw new InvalidOperationException($"A table query with {n} comparisons (Table Storage allows {MaxComparisons}): {filter}");
        }
    }

    /// <summary>The comparisons of a filter, outside its quoted values.</summary>
    public static int Comparisons(string filter) => Operator().Count(Quoted().Replace(filter, "''"));

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s(?:eq|ne|gt|ge|lt|le)\s")]
    private static partial Regex Operator();
}
