using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bitacora.Bot.Sessions;

/// <summary>A typed answer; stored as JSON with a "type" discriminator so it reads back exactly.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ClosedAnswer), "closed")]
[JsonDerivedType(typeof(TextAnswer), "text")]
[JsonDerivedType(typeof(DateAnswer), "date")]
[JsonDerivedType(typeof(NumberAnswer), "number")]
[JsonDerivedType(typeof(ChoiceAnswer), "choice")]
[JsonDerivedType(typeof(TableAnswer), "table")]
public abstract record AnswerValue
{
    [JsonIgnore]
    public abstract bool IsEmpty { get; }

    /// <summary>How the value reads in a card or summary (es-CL).</summary>
    public abstract string Display(Guides.GuideQuestion question);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Canonical JSON: equal values give equal strings, which is how "unchanged" is detected.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static AnswerValue FromJson(string json) =>
        JsonSerializer.Deserialize<AnswerValue>(json, Options) ?? throw new JsonException("Empty answer value.");
}

/// <summary>Sí / No / Parcialmente (ids in <see cref="Guides.ClosedOptions"/>).</summary>
public sealed record ClosedAnswer(string OptionId) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => string.IsNullOrEmpty(OptionId);

    public override string Display(Guides.GuideQuestion question) =>
        question.Choices.FirstOrDefault(c => c.Id == OptionId)?.Text ?? OptionId;
}

public sealed record TextAnswer(string Text) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => string.IsNullOrWhiteSpace(Text);

    public override string Display(Guides.GuideQuestion question) => Text;
}

public sealed record DateAnswer(DateOnly Date) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => false;

    public override string Display(Guides.GuideQuestion question) =>
        Date.ToString("d 'de' MMMM 'de' yyyy", AnswerRules.Chile);
}

public sealed record NumberAnswer(decimal Number) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => false;

    public override string Display(Guides.GuideQuestion question) => Number.ToString("#,##0.##", AnswerRules.Chile);
}

/// <summary>Single or multi choice: the chosen option ids, in guide order.</summary>
public sealed record ChoiceAnswer(ImmutableArray<string> OptionIds) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => OptionIds.IsDefaultOrEmpty;

    public override string Display(Guides.GuideQuestion question) =>
        string.Join(", ", OptionIds.Select(id => question.Choices.FirstOrDefault(c => c.Id == id)?.Text ?? id));
}

/// <summary>Rows of a table question; each row has a stable id (so one row can be edited or removed) and cells by column id.</summary>
public sealed record TableAnswer(ImmutableArray<TableRow> Rows) : AnswerValue
{
    [JsonIgnore]
    public override bool IsEmpty => Rows.IsDefaultOrEmpty;

    public override string Display(Guides.GuideQuestion question) =>
        string.Join("\n", Rows.Select(r => string.Join(" · ", question.Columns
            .Where(c => r.Cells.ContainsKey(c.Id))
            .Select(c => $"{c.Title}: {r.Cells[c.Id]}"))));
}

/// <summary>Cells hold InvariantCulture text (dates yyyy-MM-dd, numbers with '.'), checked by <see cref="AnswerRules"/>.</summary>
public sealed record TableRow(string Id, ImmutableSortedDictionary<string, string> Cells)
{
    public static TableRow New(IEnumerable<KeyValuePair<string, string>> cells) =>
        new(Guid.NewGuid().ToString("N")[..12], cells.ToImmutableSortedDictionary(StringComparer.Ordinal));
}
