using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Tests.Guides;

public sealed class GuideValidationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bitacora-guides-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static JsonObject MinimalGuide(string id = "g") => JsonNode.Parse($$"""
        {
          "id": "{{id}}", "version": 1, "title": "Guía", "source": { "file": "seed.txt" },
          "stages": [ { "id": "s", "title": "Etapa" } ],
          "sections": [
            { "id": "a", "title": "Sección", "kind": "component", "stage": "s",
              "questions": [
                { "id": "q1", "kind": "closed", "text": "¿Sí o no?", "suggestion": "Se sugiere…" },
                { "id": "q2", "kind": "table", "text": "Tabla",
                  "columns": [ { "id": "c", "title": "Columna", "kind": "date" } ] }
              ] }
          ]
        }
        """)!.AsObject();

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static IReadOnlyList<GuideProblem> Problems(JsonObject guide, string file = "g.json") =>
        GuideLoader.Parse(file, guide.ToJsonString()).Problems;

    [Fact]
    public void A_minimal_guide_is_valid()
    {
        var (guide, problems) = GuideLoader.Parse("g.json", MinimalGuide().ToJsonString());
        Assert.Empty(problems);
        Assert.Equal(2, guide!.QuestionCount);
        Assert.Equal(QuestionKind.Table, guide.FindQuestion("q2")!.Kind);
    }

    public static TheoryData<string, string, string> Breakages => new()
    {
        // mutation (a JSON path to set, then ":=" and a JSON value), expected path, message fragment
        { "$.version:=0", "$.version", "integer greater than or equal to 1" },
        { "$.version:=\"1\"", "$.version", "integer greater than or equal to 1" },
        { "$.title:=\"  \"", "$.title", "'title' is empty" },
        { "$.sections[0].kind:=\"chapter\"", "$.sections[0].kind", "unknown section kind 'chapter'" },
        { "$.sections[0].questions[0].kind:=\"yesno\"", "$.sections[0].questions[0].kind", "unknown question kind 'yesno'" },
        { "$.sections[0].questions[1].id:=\"q1\"", "$.sections[0].questions[1].id", "duplicate question id 'q1'" },
        { "$.sections[0].questions[0].text:=\"\"", "$.sections[0].questions[0].text", "'text' is empty" },
        { "$.sections[0].questions[0].options:=[{\"id\":\"a\",\"text\":\"A\"},{\"id\":\"b\",\"text\":\"B\"}]", "$.sections[0].questions[0].options", "only applies to singleChoice and multiChoice questions (this one is 'closed'). Closed questions always offer Sí / No / Parcialmente" },
        { "$.sections[0].questions[1].columns:=[]", "$.sections[0].questions[1].columns", "must not be empty" },
        { "$.sections[0].questions[1].kind:=\"open\"", "$.sections[0].questions[1].columns", "'columns' only applies to table questions" },
        { "$.sections[0].questions[0].kind:=\"singleChoice\"", "$.sections[0].questions[0]", "needs 'options'" },
        { "$.sections[0].questions[0].kind:=\"open\"", "$.sections[0].questions[0].suggestion", "'suggestion' only applies to closed questions (this one is 'open')" },
        { "$.sections[0].questions[0].txet:=\"x\"", "$.sections[0].questions[0].txet", "unknown property 'txet'" },
        { "$.sections[0].stage:=\"nope\"", "$.sections[0].stage", "unknown stage 'nope'" },
        { "$.sections[0].id:=\"Sección A\"", "$.sections[0].id", "lowercase letters, digits and single hyphens" },
        { "$.sections[0].questions:=[]", "$.sections[0].questions", "must not be empty" },
        { "$.id:=\"other\"", "$.id", "must match the file name 'g.json'" },
        { "$.version:=\"1\"", "$.version", "'version' must be an integer greater than or equal to 1, found a string" },
        { "$.version:=1e400", "$.version", "'version' must be an integer greater than or equal to 1, found 1e400" },
        { "$.version:=1.5", "$.version", "'version' must be an integer greater than or equal to 1, found 1.5" },
        { "$.source:=\"seed.txt\"", "$.source", "'source' must be an object, found a string" },
        { "$.source.file:=null", "$.source.file", "'file' must be a string, found null" },
        { "$.sections[0].repeatable:=\"sí\"", "$.sections[0].repeatable", "'repeatable' must be true or false, found a string" },
        { "$.sections[0].title:=\"" + new string('x', 4001) + "\"", "$.sections[0].title", "'title' is longer than 4000 characters" },
        { "$.stages[0].actions:=[\"Leer\", \" \"]", "$.stages[0].actions[1]", "the item is empty" },
        { "$.stages[0].id:=\"a_b\"", "$.stages[0].id", "id 'a_b' must be lowercase letters" },
        { "$.sections[0].questions[0].min:=1", "$.sections[0].questions[0].min", "'min' only applies to number questions (this one is 'closed')" },
        { "$.sections[0].questions[1].columns[0].options:=[{\"id\":\"a\",\"text\":\"A\"},{\"id\":\"b\",\"text\":\"B\"}]", "$.sections[0].questions[1].columns[0].options", "'options' only applies to singleChoice columns (this one is 'date')" },
        { "$.sections[0].questions[1].columns[0].kind:=\"singleChoice\"", "$.sections[0].questions[1].columns[0]", "a singleChoice column needs 'options'" },
        { "$.sections[0].questions[0].kind:=\"multiChoice\"", "$.sections[0].questions[0]", "a multiChoice question needs 'options'" },
        { "$.sections[0].questions[1].columns:=[{\"id\":\"c\",\"title\":\"A\",\"kind\":\"open\"},{\"id\":\"c\",\"title\":\"B\",\"kind\":\"open\"}]", "$.sections[0].questions[1].columns[1].id", "duplicate column id 'c'" },
        { "$.stages:=[{\"id\":\"s\",\"title\":\"A\"},{\"id\":\"s\",\"title\":\"B\"}]", "$.stages[1].id", "duplicate stage id 's'" },
        { "$.sections[0].questions[0]:={\"id\":\"q1\",\"kind\":\"number\",\"text\":\"N\",\"min\":5,\"max\":2}", "$.sections[0].questions[0].max", "max (2) is lower than min (5)" },
    };

    [Fact]
    public void A_question_of_an_unknown_kind_is_told_once_not_by_every_rule_that_depends_on_the_kind()
    {
        var guide = MinimalGuide();
        Apply(guide, "$.sections[0].questions[1].kind:=\"grid\"");

        var problem = Assert.Single(Problems(guide));

        Assert.Equal("$.sections[0].questions[1].kind", problem.Path);
        Assert.StartsWith("unknown question kind 'grid' (allowed: closed, open, date, number, singleChoice, multiChoice, table)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_guide_that_is_not_an_object_is_told_at_the_root()
    {
        var (guide, problems) = GuideLoader.Parse("g.json", "[1, 2]");

        Assert.Null(guide);
        var problem = Assert.Single(problems);
        Assert.Equal(("g.json", "$", "the guide must be an object, found an array"), (problem.File, problem.Path, problem.Message));
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_broken_guide_is_refused_with_the_location(string mutation, string expectedPath, string fragment)
    {
        var guide = MinimalGuide();
        Apply(guide, mutation);

        var problems = Problems(guide);

        Assert.Contains(problems, p => p.File == "g.json" && p.Path == expectedPath && p.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var guide = MinimalGuide();
        Apply(guide, "$.version:=-3");
        Apply(guide, "$.sections[0].kind:=\"x\"");
        Apply(guide, "$.sections[0].questions[1].id:=\"q1\"");

        var problems = Problems(guide);

        Assert.Equal(["$.version", "$.sections[0].kind", "$.sections[0].questions[1].id"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Rubric_needs_one_descriptor_per_level()
    {
        var guide = MinimalGuide();
        guide["rubric"] = JsonNode.Parse("""
            { "id": "r", "title": "Rúbrica",
              "levels": [ { "id": "bajo", "title": "Bajo" }, { "id": "alto", "title": "Alto" } ],
              "criteria": [ { "id": "c", "title": "Criterio",
                              "descriptors": [ { "level": "bajo", "text": "x" }, { "level": "medio", "text": "y" } ] } ] }
            """);

        var problems = Problems(guide);

        Assert.Contains(problems, p => p.Path == "$.rubric.criteria[0].descriptors[1].level" && p.Message.Contains("unknown level 'medio'"));
        Assert.Contains(problems, p => p.Path == "$.rubric.criteria[0].descriptors" && p.Message.Contains("no descriptor for level 'alto'"));
    }

    [Fact]
    public void Invalid_json_is_reported_with_line_and_position()
    {
        var (guide, problems) = GuideLoader.Parse("g.json", "{\n  \"id\": \"g\",\n  \"version\": 1,,\n}");
        Assert.Null(guide);
        var problem = Assert.Single(problems);
        Assert.StartsWith("line 3", problem.Path);
        Assert.Contains("invalid JSON", problem.Message);
    }

    [Fact]
    public void Loading_a_folder_reports_each_file_and_duplicate_guide_ids_across_files()
    {
        Write("g.json", MinimalGuide().ToJsonString());
        var broken = MinimalGuide("h");
        Apply(broken, "$.sections[0].questions[1].columns:=[]");
        Write("h.json", broken.ToJsonString());
        File.WriteAllText(Path.Combine(_dir.FullName, "guide.schema.json"), "{ not a guide }"); // ignored by design

        var result = GuideLoader.LoadFolder(_dir.FullName);

        Assert.False(result.IsValid);
        Assert.Equal(["g"], result.Guides.Select(g => g.Id));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("h.json", "$.sections[0].questions[1].columns"), (problem.File, problem.Path));

        var ex = Assert.Throws<GuideValidationException>(() => GuideCatalog.Load(_dir.FullName));
        Assert.Contains("h.json: $.sections[0].questions[1].columns: must not be empty", ex.Message);
    }

    [Fact]
    public void Two_files_with_one_guide_id_are_refused()
    {
        var a = Write("g.json", MinimalGuide().ToJsonString());
        var sub = Directory.CreateDirectory(Path.Combine(_dir.FullName, "copy"));
        var b = Path.Combine(sub.FullName, "g.json");
        File.Copy(a, b);

        var result = GuideLoader.LoadFiles([a, b]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.id", problem.Path);
        Assert.Contains("already defined in g.json", problem.Message);
    }

    [Fact]
    public void The_shipped_guides_are_valid_and_match_the_schema_kinds()
    {
        var result = GuideLoader.LoadFolder(ShippedGuides.Folder);
        Assert.Empty(result.Problems);
        Assert.Equal(["dep-ejecucion-evaluacion", "junji-bitacora-ett"], result.Guides.Select(g => g.Id).Order());

        // The schema's enums and the validator's kinds must not drift apart.
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedGuides.Folder, "guide.schema.json")))!;
        var defs = schema["$defs"]!;
        Assert.Equal(GuideValidator.QuestionKinds, defs["question"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(GuideValidator.SectionKinds, defs["section"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(GuideValidator.ColumnKinds, defs["column"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    /// <summary>Sets the value at a simple path like $.sections[0].questions[1].id (":=" separates the JSON value).</summary>
    private static void Apply(JsonObject root, string mutation)
    {
        var split = mutation.IndexOf(":=", StringComparison.Ordinal);
        var path = mutation[..split];
        var value = JsonNode.Parse(mutation[(split + 2)..]);
        var segments = path[2..].Replace("]", "").Split('.');
        JsonNode node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = segments[i].Split('[');
            var last = i == segments.Length - 1;
            if (parts.Length == 1 && last)
            {
                node.AsObject()[parts[0]] = value;
                return;
            }
            node = node[parts[0]]!;
            for (var j = 1; j < parts.Length; j++)
            {
                var index = int.Parse(parts[j], System.Globalization.CultureInfo.InvariantCulture);
                if (last && j == parts.Length - 1)
                {
                    node.AsArray()[index] = value;
                    return;
                }
                node = node[index]!;
            }
        }
    }
}
