using System.Text.Json;

namespace Bitacora.Bot.Guides;

/// <summary>One thing wrong with a guide file: where (file + JSON path) and what.</summary>
public sealed record GuideProblem(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>
/// Checks a guide document: its structure against guide.schema.json (<see cref="GuideSchema"/>), then what
/// a schema cannot say (<see cref="GuideReferences"/>: the id is the file name, ids unique, stage and level references,
/// one rubric descriptor per level, min ≤ max). Every problem is reported with its JSON path, all in one pass.
/// </summary>
public static class GuideValidator
{
    public static readonly IReadOnlyList<string> SectionKinds = Enum.GetNames<SectionKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
    public static readonly IReadOnlyList<string> QuestionKinds = Enum.GetNames<QuestionKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
    public static readonly IReadOnlyList<string> ColumnKinds = Enum.GetNames<ColumnKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();

    /// <summary>Every problem of one guide document; empty when the guide is valid.</summary>
    public static IReadOnlyList<GuideProblem> Validate(string fileName, JsonElement root) =>
        [.. GuideSchema.Shipped.Validate(fileName, root), .. GuideReferences.Check(fileName, root)];
}
