using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments.Chat;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Reads and checks the force-majeure cards' inputs on the server with the cards' own limits (maxLength, required,
/// dates not in the past): a client may not enforce them. Errors are Spanish texts shown on the card, next to what was typed.
/// </summary>
public sealed class ForceMajeureInputs(CommitmentTexts texts, CommitmentViews views)
{
    public const int DescriptionMax = 1000;
    public const int DocumentationMax = 1000;
    public const int LinkMax = 2000;
    public const int NewWhatMax = 500;
    public const int NoteMax = 1000;

    public static string Field(JsonObject data, string name) =>
        (data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : data[name]?.ToString() ?? "").Trim();

    /// <summary>The request form: the event and the decisions for the unit's <paramref name="candidates"/>.</summary>
    public (ForceMajeureSubmission? Submission, List<string> Errors) ReadRequest(JsonObject data, string unit,
        IReadOnlyList<Commitment> candidates, ForceMajeureReplyTo? replyTo)
    {
        var errors = new List<string>();
        var kindText = Field(data, "fmKind");
        var kindOk = Enum.TryParse<ForceMajeureKind>(kindText, out var kind) && Enum.IsDefined(kind) && !kindText.All(char.IsAsciiDigit);
        if (!kindOk)
        {
            errors.Add(texts["fmr.error.kind"]);
        }
        var start = Date(Field(data, "fmStart"));
        if (start is null)
        {
            errors.Add(texts["fmr.error.start"]);
        }
        var endText = Field(data, "fmEnd");
        var end = Date(endText);
        if (endText.Length > 0 && (end is null || (start is { } s && end < s)))
        {
            errors.Add(texts["fmr.error.end"]);
        }
        var description = Field(data, "fmDescription");
        if (description.Length == 0)
        {
            errors.Add(texts["fmr.error.description"]);
        }
        var docs = Field(data, "fmDocs");
        var link = Field(data, "fmLink");
        errors.AddRange(Lengths((description, DescriptionMax, "fmr.label.description"), (docs, DocumentationMax, "fmr.label.documentation"),
            (link, LinkMax, "fmr.label.link")));
        if (CheckLink(link) is { } badLink)
        {
            errors.Add(badLink);
        }
        var unknownIds = data.Select(p => p.Key).Where(k => k.StartsWith("fm.d.", StringComparison.Ordinal))
            .Select(k => k["fm.d.".Length..]).Where(id => candidates.All(c => c.Id != id))
            .Where(id => Field(data, ForceMajeureViews.DecisionId(id)) is { Length: > 0 } v && v != ForceMajeureViews.NotAffected);
        if (unknownIds.Any())
        {
            errors.Add(texts["fmr.error.notInUnit"]);
        }
        var items = ReadItems(data, candidates.Select(c => (c.Id, c.What, c.Version)), allowNone: true, errors);
        if (items.Count == 0)
        {
            errors.Add(texts["fmr.error.none"]);
        }
        else if (items.Count > ForceMajeureService.MaxItems)
        {
            errors.Add(texts.Format("fmr.error.tooMany", ForceMajeureService.MaxItems, items.Count));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new ForceMajeureSubmission(unit, kind, start!.Value, end, description, Null(docs), Null(link), items, replyTo), errors);
    }

    /// <summary>The reviewer's decisions for the request's items (every item needs one; no «no afectado» here).</summary>
    public List<ForceMajeureItem> ReadDecisions(JsonObject data, ForceMajeureRequest request, List<string> errors) =>
        ReadItems(data, request.Items.Select(i => (i.CommitmentId, i.What, i.SeenVersion)), allowNone: false, errors);

    public string? CheckNote(string text, string label, string? requiredKey, List<string> errors)
    {
        if (requiredKey is not null && text.Length == 0)
        {
            errors.Add(texts[requiredKey]);
        }
        errors.AddRange(Lengths((text, NoteMax, label)));
        return Null(text);
    }

    public string? CheckLink(string link) =>
        link.Length == 0 || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            ? null
            : texts["fmr.error.link"];

    public IEnumerable<string> Lengths(params (string Value, int Max, string LabelKey)[] fields)
    {
        foreach (var (value, max, label) in fields)
        {
            if (value.Length > max)
            {
                yield return texts.Format("fmr.error.tooLong", texts[label], max.ToString(CultureInfo.InvariantCulture),
                    value.Length.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private List<ForceMajeureItem> ReadItems(JsonObject data, IEnumerable<(string Id, string What, int Version)> candidates, bool allowNone,
        List<string> errors)
    {
        var items = new List<ForceMajeureItem>();
        foreach (var (id, what, version) in candidates)
        {
            var text = Field(data, ForceMajeureViews.DecisionId(id));
            if (allowNone && (text.Length == 0 || text == ForceMajeureViews.NotAffected))
            {
                continue;
            }
            if (!Enum.TryParse<ForceMajeureDecision>(text, out var decision) || !Enum.IsDefined(decision) || text.All(char.IsAsciiDigit))
            {
                errors.Add(texts["fmr.error.decision"]);
                continue;
            }
            LocalDate? newDate = null;
            string? newWhat = null;
            if (decision is ForceMajeureDecision.Ajustar or ForceMajeureDecision.Reprogramar)
            {
                newDate = Date(Field(data, ForceMajeureViews.DateId(id)));
                if (newDate is null)
                {
                    errors.Add(texts.Format("fmr.error.date", Short(what)));
                }
                else if (newDate < views.Today)
                {
                    errors.Add(texts.Format("fmr.error.datePast", Short(what), CommitmentViews.DateText(views.Today)));
                }
            }
            if (decision == ForceMajeureDecision.Ajustar)
            {
                var typed = Field(data, ForceMajeureViews.WhatId(id));
                errors.AddRange(Lengths((typed, NewWhatMax, "fmr.label.newWhat")));
                newWhat = Null(typed);
            }
            items.Add(new ForceMajeureItem(id, Short(what, 200), version, decision, newDate, newWhat));
        }
        return items;
    }

    private static LocalDate? Date(string text)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : null;
    }

    private static string Short(string text, int max = 60) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string? Null(string text) => text.Length == 0 ? null : text;
}
