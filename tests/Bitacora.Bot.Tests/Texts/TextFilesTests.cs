using System.Text.Json;
using System.Text.RegularExpressions;
using Bitacora.Bot.Attendance;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Exports;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Summaries;
using Bitacora.Bot.Territories;
using Bitacora.Bot.Texts;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Texts;

/// <summary>
/// The shipped texts files against the code: every key a catalog class declares is in its file, every key in a file
/// is declared by the code or belongs to a family listed here with the reason, and every key the code writes as a
/// literal ("sheet.history") is in some file.
/// </summary>
public sealed partial class TextFilesTests
{
    private static readonly string TextsFolder = RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Texts");

    /// <summary>File → the keys its catalog class declares.</summary>
    private static readonly Dictionary<string, IEnumerable<string>> Declared = new(StringComparer.Ordinal)
    {
        [TextKeys.FileName] = TextKeys.All.Concat(Policies.TextKeys),
        [AttendanceTexts.FileName] = AttendanceTexts.AllKeys,
        [CommitmentTexts.FileName] = CommitmentTexts.AllKeys,
        [CoordinationTexts.FileName] = CoordinationTexts.AllKeys,
        [ExportTexts.FileName] = ExportTexts.RequiredKeys,
        [FileTexts.FileName] = FileTexts.AllKeys,
        [LogbookTexts.FileName] = LogbookTexts.AllKeys,
        [RegistryTexts.FileName] = RegistryTextKeys.All.Concat(TerritoryTextKeys.All),
        [SessionTexts.FileName] = SessionTexts.AllKeys,
        [SummaryTexts.FileName] = SummaryTexts.AllKeys,
        ["legal.es-CL.json"] = ["footer"],
    };

    /// <summary>Keys read by a computed name, with who reads them.</summary>
    private static readonly Dictionary<string, string[]> Families = new(StringComparer.Ordinal)
    {
        [ExportTexts.FileName] = ["col."], // ExportColumns: the header of each column, built (and so checked) at start-up
        ["legal.es-CL.json"] = ["privacy.", "terms."], // LegalTexts: "{page}.title", "{page}.{n}.heading/body" while present
    };

    [Fact]
    public void Every_texts_file_has_a_catalog_and_loads()
    {
        var files = Directory.EnumerateFiles(TextsFolder, "*.json").Select(Path.GetFileName)
            .Where(f => f != "commands.json").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Declared.Keys.Order(StringComparer.Ordinal), files);
        Assert.All(files, f => Assert.NotEmpty(TextCatalog.LoadFile(Path.Combine(TextsFolder, f!)).Keys));
    }

    [Fact]
    public void Every_key_in_a_file_is_used_by_the_code_and_every_declared_key_is_in_its_file()
    {
        foreach (var (file, declared) in Declared)
        {
            var keys = FileKeys(file);
            var wanted = declared.ToHashSet(StringComparer.Ordinal);
            var families = Families.GetValueOrDefault(file) ?? [];

            Assert.True(wanted.IsSubsetOf(keys), $"{file} lacks: {string.Join(", ", wanted.Except(keys))}");
            var unused = keys.Where(k => !wanted.Contains(k) && !families.Any(f => k.StartsWith(f, StringComparison.Ordinal))).ToList();
            Assert.True(unused.Count == 0, $"{file} has texts no code reads (delete them or declare them): {string.Join(", ", unused)}");
        }
    }

    [Fact]
    public void Every_key_the_code_names_as_a_literal_is_in_a_texts_file()
    {
        var all = Declared.Keys.SelectMany(FileKeys).ToHashSet(StringComparer.Ordinal);
        var sources = new[] { "Bitacora.Bot", "Bitacora.Core" }
            .SelectMany(project => Directory.EnumerateFiles(RepoPaths.Combine("src", project), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal));
        var used = sources.SelectMany(p => LiteralKey().Matches(File.ReadAllText(p)).Select(m => (File: Path.GetFileName(p), Key: m.Groups["key"].Value)))
            .ToList();

        Assert.True(used.Count > 10, "the scan finds literal keys");
        var missing = used.Where(u => !all.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "Keys named in code but in no texts file:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void A_text_formats_named_arguments_and_plural_forms_in_es_CL()
    {
        var catalog = TextCatalog.Parse(
            """{"line": "Línea {line}: {amount:N0} pesos", "answers": {"one": "{count} respuesta", "other": "{count:N0} respuestas"}, "days": {"one": "1 día", "other": "{0} días"}}""",
            "test");

        Assert.Equal("Línea 12: 1.234.567 pesos", catalog.Format("line", ("line", 12), ("amount", 1234567)));
        Assert.Equal("1 respuesta", catalog.Plural("answers", 1));
        Assert.Equal("1.500 respuestas", catalog.Plural("answers", 1500));
        Assert.Equal("0 respuestas", catalog.Plural("answers", 0));
        Assert.Equal("1 día", catalog.Plural("days", 1));
        Assert.Equal("3 días", catalog.Plural("days", 3));
    }

    [Theory]
    [InlineData("""{"a": "Hola {0"}""")]
    [InlineData("""{"a": "Línea {line} de {0}"}""")]
    [InlineData("""{"a": ""}""")]
    [InlineData("""{"a": {"other": "x"}}""")]
    [InlineData("""{"a": 3}""")]
    public void A_broken_text_stops_the_load_naming_the_key(string json)
    {
        var e = Assert.Throws<InvalidDataException>(() => TextCatalog.Parse(json, "Texts/x.es-CL.json"));

        Assert.Contains("Texts/x.es-CL.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a", e.Message, StringComparison.Ordinal);
    }

    private static HashSet<string> FileKeys(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TextsFolder, file)));
        return document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('$')).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>texts["sheet.history"], Format("doc.title", …), Plural("x.y", …) — a dotted key as a literal.</summary>
    [GeneratedRegex("""(?:\[|\b(?:Format|Plural)\()\s*"(?<key>[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+)"\s*[\],)]""")]
    private static partial Regex LiteralKey();
}
