using System.Globalization;
using System.Text.Json;

namespace Bitacora.Bot.Guides;

/// <summary>
/// The rules of a guide that guide.schema.json cannot express: the guide id is the file name; stage, section and
/// question ids are unique in the whole guide, column, option, level and criterion ids within their list; a section's
/// stage is declared; a number question's min is not above its max; a rubric criterion has one descriptor per level.
/// Reads whatever is well-formed and passes over the rest (the schema reports that), so both report in one pass.
/// </summary>
internal static class GuideReferences
{
    public static IReadOnlyList<GuideProblem> Check(string file, JsonElement root)
    {
        var problems = new List<GuideProblem>();
        void Add(string path, string message) => problems.Add(new GuideProblem(file, path, message));

        if (Str(root, "id") is { } id && Path.GetFileNameWithoutExtension(file) is var expected && id != expected)
        {
            Add("$.id", $"guide id '{id}' must match the file name '{expected}.json'");
        }
        var stages = Unique(Items(root, "stages", "$"), "stage", Add);
        var sections = Items(root, "sections", "$").ToList();
        Unique(sections, "section", Add);
        var questionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (section, path) in sections)
        {
            if (Str(section, "stage") is { } stage && !stages.Contains(stage))
            {
                Add(path + ".stage", $"unknown stage '{stage}' (declare it in $.stages)");
            }
            foreach (var (question, qPath) in Items(section, "questions", path))
            {
                Question(question, qPath, questionIds, Add);
            }
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rubric", out var rubric))
        {
            Rubric(rubric, "$.rubric", Add);
        }
        return problems;
    }

    private static void Question(JsonElement question, string path, HashSet<string> questionIds, Action<string, string> add)
    {
        if (Str(question, "id") is { } id && !questionIds.Add(id))
        {
            add(path + ".id", $"duplicate question id '{id}' (question ids must be unique in the whole guide)");
        }
        Unique(Items(question, "options", path), "option", add);
        var columns = Items(question, "columns", path).ToList();
        Unique(columns, "column", add);
        foreach (var (column, cPath) in columns)
        {
            Unique(Items(column, "options", cPath), "option", add);
        }
        if (Number(question, "min") is { } min && Number(question, "max") is { } max && min > max)
        {
            add(path + ".max", $"max ({max.ToString(CultureInfo.InvariantCulture)}) is lower than min ({min.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private static void Rubric(JsonElement rubric, string path, Action<string, string> add)
    {
        var levels = Items(rubric, "levels", path).Select(l => Str(l.Item, "id")).OfType<string>().ToList();
        Unique(Items(rubric, "levels", path), "level", add);
        var criteria = Items(rubric, "criteria", path).ToList();
        Unique(criteria, "criterion", add);
        foreach (var (criterion, cPath) in criteria)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var descriptors = Items(criterion, "descriptors", cPath).ToList();
            foreach (var (descriptor, dPath) in descriptors)
            {
                if (Str(descriptor, "level") is not { } level) continue;
                if (!levels.Contains(level)) add(dPath + ".level", $"unknown level '{level}'");
                else if (!seen.Add(level)) add(dPath + ".level", $"second descriptor for level '{level}'");
            }
            if (descriptors.Count == 0) continue; // the schema says the list is missing or empty
            foreach (var missing in levels.Distinct(StringComparer.Ordinal).Where(l => !seen.Contains(l)))
            {
                add(cPath + ".descriptors", $"no descriptor for level '{missing}'");
            }
        }
    }

    /// <summary>Reports a repeated "id" among <paramref name="items"/>; returns the ids seen.</summary>
    private static HashSet<string> Unique(IEnumerable<(JsonElement Item, string Path)> items, string what, Action<string, string> add)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in items)
        {
            if (Str(item, "id") is { } id && !ids.Add(id))
            {
                add(path + ".id", $"duplicate {what} id '{id}'");
            }
        }
        return ids;
    }

    /// <summary>The objects of the array <paramref name="name"/> of <paramref name="parent"/>, with their paths.</summary>
    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"{path}.{name}[{i++}]";
            if (item.ValueKind == JsonValueKind.Object) yield return (item, at);
        }
    }

    private static string? Str(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && v.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static decimal? Number(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetDecimal(out var d) ? d : null;
}
