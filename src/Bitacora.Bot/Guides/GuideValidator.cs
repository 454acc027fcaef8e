using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bitacora.Bot.Guides;

/// <summary>One thing wrong with a guide file: where (file + JSON path) and what.</summary>
public sealed record GuideProblem(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>
/// Checks a guide document against the rules of guide.schema.json plus what a schema cannot say (ids unique across the
/// whole guide, stage references, one rubric descriptor per level). Walks the raw JSON so that every problem is
/// reported with its exact JSON path, and keeps going after the first problem so authors fix a file in one pass.
/// </summary>
public static partial class GuideValidator
{
    public const int MaxTextLength = 4000;

    private static readonly string[] GuideProps = ["$schema", "id", "version", "title", "source", "description", "stages", "sections", "rubric"];
    private static readonly string[] SourceProps = ["file", "publisher", "document"];
    private static readonly string[] StageProps = ["id", "title", "objective", "actions", "scheme", "inputs", "methodology", "expectedResults"];
    private static readonly string[] SchemeProps = ["steps", "actors"];
    private static readonly string[] SectionProps = ["id", "title", "kind", "stage", "description", "responsible", "help", "repeatable", "questions"];
    private static readonly string[] QuestionProps = ["id", "kind", "lead", "text", "required", "help", "suggestion", "options", "columns", "min", "max", "integer"];
    private static readonly string[] OptionProps = ["id", "text"];
    private static readonly string[] ColumnProps = ["id", "title", "kind", "required", "options"];
    private static readonly string[] RubricProps = ["id", "title", "description", "levels", "criteria"];
    private static readonly string[] LevelProps = ["id", "title"];
    private static readonly string[] CriterionProps = ["id", "title", "description", "descriptors"];
    private static readonly string[] DescriptorProps = ["level", "text"];

    public static readonly IReadOnlyList<string> SectionKinds = Enum.GetNames<SectionKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
    public static readonly IReadOnlyList<string> QuestionKinds = Enum.GetNames<QuestionKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
    public static readonly IReadOnlyList<string> ColumnKinds = Enum.GetNames<ColumnKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>Every problem of one guide document; empty when the guide is valid.</summary>
    public static IReadOnlyList<GuideProblem> Validate(string fileName, JsonElement root)
    {
        var v = new Walker(fileName);
        v.Guide(root);
        return v.Problems;
    }

    private sealed class Walker(string file)
    {
        public List<GuideProblem> Problems { get; } = [];
        private readonly HashSet<string> _questionIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _stageIds = new(StringComparer.Ordinal);

        private void Add(string path, string message) => Problems.Add(new GuideProblem(file, path, message));

        public void Guide(JsonElement root)
        {
            if (!Object(root, "$", GuideProps)) return;
            var id = Id(root, "$");
            if (id is not null)
            {
                var expected = Path.GetFileNameWithoutExtension(file);
                if (!string.Equals(expected, id, StringComparison.Ordinal))
                {
                    Add("$.id", $"guide id '{id}' must match the file name '{expected}.json'");
                }
            }
            if (Get(root, "version", "$", required: true) is { } version)
            {
                if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var n) || n < 1)
                {
                    Add("$.version", "version must be an integer greater than or equal to 1");
                }
            }
            Text(root, "title", "$", required: true);
            Text(root, "description", "$", required: false);
            if (Get(root, "source", "$", required: true) is { } source && Object(source, "$.source", SourceProps))
            {
                Text(source, "file", "$.source", required: true);
                Text(source, "publisher", "$.source", required: false);
                Text(source, "document", "$.source", required: false);
            }

            if (Get(root, "stages", "$", required: false) is { } stages)
            {
                Each(stages, "$.stages", minCount: 0, Stage);
            }
            if (Get(root, "sections", "$", required: true) is { } sections)
            {
                var sectionIds = new HashSet<string>(StringComparer.Ordinal);
                Each(sections, "$.sections", minCount: 1, (s, p) => Section(s, p, sectionIds));
            }
            if (Get(root, "rubric", "$", required: false) is { } rubric)
            {
                Rubric(rubric, "$.rubric");
            }
        }

        private void Stage(JsonElement stage, string path)
        {
            if (!Object(stage, path, StageProps)) return;
            var id = Id(stage, path);
            if (id is not null && !_stageIds.Add(id))
            {
                Add(path + ".id", $"duplicate stage id '{id}'");
            }
            Text(stage, "title", path, required: true);
            Text(stage, "objective", path, required: false);
            foreach (var list in new[] { "actions", "inputs", "methodology", "expectedResults" })
            {
                TextList(stage, list, path);
            }
            if (Get(stage, "scheme", path, required: false) is { } scheme && Object(scheme, path + ".scheme", SchemeProps))
            {
                TextList(scheme, "steps", path + ".scheme");
                TextList(scheme, "actors", path + ".scheme");
            }
        }

        private void Section(JsonElement section, string path, HashSet<string> sectionIds)
        {
            if (!Object(section, path, SectionProps)) return;
            var id = Id(section, path);
            if (id is not null && !sectionIds.Add(id))
            {
                Add(path + ".id", $"duplicate section id '{id}'");
            }
            Text(section, "title", path, required: true);
            Kind(section, path, SectionKinds, "section");
            if (Text(section, "stage", path, required: false) is { } stage && !_stageIds.Contains(stage))
            {
                Add(path + ".stage", $"unknown stage '{stage}' (declare it in $.stages before the sections that use it)");
            }
            Text(section, "description", path, required: false);
            Text(section, "responsible", path, required: false);
            Text(section, "help", path, required: false);
            Bool(section, "repeatable", path);
            if (Get(section, "questions", path, required: true) is { } questions)
            {
                Each(questions, path + ".questions", minCount: 1, Question);
            }
        }

        private void Question(JsonElement question, string path)
        {
            if (!Object(question, path, QuestionProps)) return;
            var id = Id(question, path);
            if (id is not null && !_questionIds.Add(id))
            {
                Add(path + ".id", $"duplicate question id '{id}' (question ids must be unique in the whole guide)");
            }
            Text(question, "text", path, required: true);
            Text(question, "lead", path, required: false);
            Text(question, "help", path, required: false);
            Bool(question, "required", path);
            var kind = Kind(question, path, QuestionKinds, "question");

            var hasSuggestion = Text(question, "suggestion", path, required: false) is not null;
            var hasOptions = question.TryGetProperty("options", out var options);
            var hasColumns = question.TryGetProperty("columns", out var columns);
            var isNumber = kind == "number";

            if (hasSuggestion && kind is not null && kind != "closed")
            {
                Add(path + ".suggestion", $"only closed questions have a suggestion (this one is '{kind}')");
            }
            if (kind == "closed" && hasOptions)
            {
                Add(path + ".options", "closed questions always offer Sí / No / Parcialmente; remove 'options' (use singleChoice for other options)");
            }
            else if (kind is "singleChoice" or "multiChoice")
            {
                if (!hasOptions) Add(path, $"a {kind} question needs 'options' (at least 2)");
                else Options(options, path + ".options");
            }
            else if (hasOptions && kind is not null)
            {
                Add(path + ".options", $"'options' only applies to singleChoice and multiChoice questions (this one is '{kind}')");
            }

            if (kind == "table")
            {
                if (!hasColumns) Add(path, "a table question needs 'columns' (at least 1)");
                else
                {
                    var columnIds = new HashSet<string>(StringComparer.Ordinal);
                    Each(columns, path + ".columns", minCount: 1, (c, p) => Column(c, p, columnIds));
                }
            }
            else if (hasColumns && kind is not null)
            {
                Add(path + ".columns", $"'columns' only applies to table questions (this one is '{kind}')");
            }

            decimal? min = null, max = null;
            foreach (var name in new[] { "min", "max", "integer" })
            {
                if (!question.TryGetProperty(name, out var value)) continue;
                if (!isNumber && kind is not null)
                {
                    Add($"{path}.{name}", $"'{name}' only applies to number questions (this one is '{kind}')");
                    continue;
                }
                if (name == "integer")
                {
                    Bool(question, "integer", path);
                }
                else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var d))
                {
                    Add($"{path}.{name}", $"'{name}' must be a number");
                }
                else if (name == "min") min = d;
                else max = d;
            }
            if (min is { } lo && max is { } hi && lo > hi)
            {
                Add(path + ".max", $"max ({hi.ToString(CultureInfo.InvariantCulture)}) is lower than min ({lo.ToString(CultureInfo.InvariantCulture)})");
            }
        }

        private void Column(JsonElement column, string path, HashSet<string> columnIds)
        {
            if (!Object(column, path, ColumnProps)) return;
            var id = Id(column, path);
            if (id is not null && !columnIds.Add(id))
            {
                Add(path + ".id", $"duplicate column id '{id}'");
            }
            Text(column, "title", path, required: true);
            Bool(column, "required", path);
            var kind = Kind(column, path, ColumnKinds, "column");
            var hasOptions = column.TryGetProperty("options", out var options);
            if (kind == "singleChoice")
            {
                if (!hasOptions) Add(path, "a singleChoice column needs 'options' (at least 2)");
                else Options(options, path + ".options");
            }
            else if (hasOptions && kind is not null)
            {
                Add(path + ".options", $"'options' only applies to singleChoice columns (this one is '{kind}')");
            }
        }

        private void Options(JsonElement options, string path)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            Each(options, path, minCount: 2, (o, p) =>
            {
                if (!Object(o, p, OptionProps)) return;
                var id = Id(o, p);
                if (id is not null && !ids.Add(id)) Add(p + ".id", $"duplicate option id '{id}'");
                Text(o, "text", p, required: true);
            });
        }

        private void Rubric(JsonElement rubric, string path)
        {
            if (!Object(rubric, path, RubricProps)) return;
            Id(rubric, path);
            Text(rubric, "title", path, required: true);
            Text(rubric, "description", path, required: false);
            var levelIds = new List<string>();
            if (Get(rubric, "levels", path, required: true) is { } levels)
            {
                Each(levels, path + ".levels", minCount: 2, (l, p) =>
                {
                    if (!Object(l, p, LevelProps)) return;
                    var id = Id(l, p);
                    if (id is not null)
                    {
                        if (levelIds.Contains(id)) Add(p + ".id", $"duplicate level id '{id}'");
                        else levelIds.Add(id);
                    }
                    Text(l, "title", p, required: true);
                });
            }
            if (Get(rubric, "criteria", path, required: true) is { } criteria)
            {
                var criterionIds = new HashSet<string>(StringComparer.Ordinal);
                Each(criteria, path + ".criteria", minCount: 1, (c, p) =>
                {
                    if (!Object(c, p, CriterionProps)) return;
                    var id = Id(c, p);
                    if (id is not null && !criterionIds.Add(id)) Add(p + ".id", $"duplicate criterion id '{id}'");
                    Text(c, "title", p, required: true);
                    Text(c, "description", p, required: false);
                    if (Get(c, "descriptors", p, required: true) is not { } descriptors) return;
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    Each(descriptors, p + ".descriptors", minCount: 1, (d, dp) =>
                    {
                        if (!Object(d, dp, DescriptorProps)) return;
                        Text(d, "text", dp, required: true);
                        if (Text(d, "level", dp, required: true) is not { } level) return;
                        if (!levelIds.Contains(level)) Add(dp + ".level", $"unknown level '{level}'");
                        else if (!seen.Add(level)) Add(dp + ".level", $"second descriptor for level '{level}'");
                    });
                    foreach (var missing in levelIds.Where(l => !seen.Contains(l)))
                    {
                        Add(p + ".descriptors", $"no descriptor for level '{missing}'");
                    }
                });
            }
        }

        // ---- primitives ----

        private bool Object(JsonElement element, string path, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"expected an object, found {Describe(element)}");
                return false;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    Add($"{path}.{property.Name}", $"unknown property '{property.Name}' (allowed: {string.Join(", ", allowed)})");
                }
            }
            return true;
        }

        private JsonElement? Get(JsonElement parent, string name, string path, bool required)
        {
            if (parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
            if (required)
            {
                Add($"{path}.{name}", $"'{name}' is required");
            }
            return null;
        }

        private string? Text(JsonElement parent, string name, string path, bool required)
        {
            if (Get(parent, name, path, required) is not { } value) return null;
            var at = $"{path}.{name}";
            if (value.ValueKind != JsonValueKind.String)
            {
                Add(at, $"'{name}' must be a string, found {Describe(value)}");
                return null;
            }
            var text = value.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
            {
                Add(at, $"'{name}' is empty");
                return null;
            }
            if (text.Length > MaxTextLength)
            {
                Add(at, $"'{name}' is longer than {MaxTextLength} characters");
            }
            return text;
        }

        private void TextList(JsonElement parent, string name, string path)
        {
            if (Get(parent, name, path, required: false) is not { } list) return;
            Each(list, $"{path}.{name}", minCount: 0, (item, p) =>
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                {
                    Add(p, "expected a non-empty string");
                }
            });
        }

        private void Bool(JsonElement parent, string name, string path)
        {
            if (parent.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add($"{path}.{name}", $"'{name}' must be true or false, found {Describe(value)}");
            }
        }

        private string? Id(JsonElement parent, string path)
        {
            var id = Text(parent, "id", path, required: true);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                Add(path + ".id", $"id '{id}' must be lowercase letters, digits and single hyphens (e.g. 'ej-cond-actores')");
                return null;
            }
            return id;
        }

        private string? Kind(JsonElement parent, string path, IReadOnlyList<string> allowed, string what)
        {
            var kind = Text(parent, "kind", path, required: true);
            if (kind is null) return null;
            if (!allowed.Contains(kind, StringComparer.Ordinal))
            {
                Add(path + ".kind", $"unknown {what} kind '{kind}' (allowed: {string.Join(", ", allowed)})");
                return null;
            }
            return kind;
        }

        private void Each(JsonElement array, string path, int minCount, Action<JsonElement, string> visit)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                Add(path, $"expected an array, found {Describe(array)}");
                return;
            }
            var count = array.GetArrayLength();
            if (count < minCount)
            {
                Add(path, minCount == 1 ? "must not be empty" : $"needs at least {minCount} items, found {count}");
            }
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                visit(item, $"{path}[{i++}]");
            }
        }

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
