using System.Diagnostics;
using System.Text;
using Bitacora.Bot.Registry.Import;
using Bitacora.Testing;
using Xunit.Abstractions;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>
/// The people import on big and broken files: a bad byte anywhere stops it before anything is written, with its real
/// line; an oversized cell is a row error found before writing; thousands of rows go in side by side with progress.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImportAtScaleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Header = "email,name,rut,aad_object_id,teams_user_id,discipline,territories,roles,directive_units,coordinated_territories,coordinated_regions";

    private static string Row(int i, string? name = null) => $"p{i:D6}@test.example,{name ?? $"Persona {i}"},,,,,16-1,asesor_ett,,,";

    private static string People(int count, Func<int, string>? row = null) =>
        Header + "\n" + string.Join("\n", Enumerable.Range(1, count).Select(row ?? (i => Row(i)))) + "\n";

    private async Task<TestRegistry> RegistryWithTerritoriesAsync()
    {
        var registry = new TestRegistry(azurite);
        var report = await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        Assert.Empty(report.Errors);
        return registry;
    }

    [Fact]
    public async Task A_bad_byte_late_in_the_file_is_reported_on_its_line_and_nothing_is_written()
    {
        var registry = await RegistryWithTerritoriesAsync();
        var bytes = Encoding.UTF8.GetBytes(People(3_000)).ToList();
        // Line 2 921 is person 2 920: break its name with a Latin-1 "ñ" (0xF1), as a spreadsheet saved as ANSI would.
        var at = Encoding.UTF8.GetBytes(People(2_919)).Length + Encoding.UTF8.GetBytes("p002920@test.example,Persona Pe").Length;
        bytes.Insert(at, 0xF1);
        var path = Path.Combine(Path.GetTempPath(), $"personas-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, bytes.ToArray());
        var before = await registry.SnapshotAsync();
        try
        {
            var (reader, error) = await RegistryImporter.ReadFileAsync(path, TestRegistry.Texts);
            Assert.Null(reader);
            Assert.Equal(2_921, error!.Line);
            Assert.Contains("UTF-8", error.Reason);

            // A caller that hands a decoding reader straight to the importer: the file is not imported at all.
            using var decoding = RegistryImporter.OpenFile(path);
            var report = await registry.Importer.ImportAsync(ImportKind.People, decoding, new ImportOptions());
            Assert.False(report.Applied);
            Assert.Empty(report.Rows);
            var failure = Assert.Single(report.Errors);
            Assert.InRange(failure.Line, 2, 2_921);
            Assert.Equal(before, await registry.SnapshotAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_oversized_cell_is_a_row_error_found_before_writing_and_the_other_rows_go_in()
    {
        var registry = await RegistryWithTerritoriesAsync();
        var csv = People(20, i => i == 7 ? Row(i, new string('a', 40_000)) : Row(i));

        var strict = await registry.Importer.ImportAsync(ImportKind.People, new StringReader(csv), new ImportOptions(Strict: true));
        Assert.False(strict.Applied);
        var before = await registry.SnapshotAsync();
        var report = await registry.Importer.ImportAsync(ImportKind.People, new StringReader(csv), new ImportOptions());

        var error = Assert.Single(report.Errors);
        Assert.Equal(8, error.Line);
        Assert.Contains("«name» tiene 40000 caracteres", error.Reason.Replace(".", "", StringComparison.Ordinal));
        Assert.Equal(19, report.Created);
        Assert.Null(await registry.People.FindByEmailAsync("p000007@test.example"));
        Assert.NotNull(await registry.People.FindByEmailAsync("p000008@test.example"));
        Assert.True((await registry.SnapshotAsync()).Count > before.Count);
    }

    [Fact]
    public async Task Five_thousand_people_import_side_by_side_with_progress()
    {
        const int count = 5_000;
        var registry = await RegistryWithTerritoriesAsync();
        var progress = new List<ImportProgress>();
        var watch = Stopwatch.StartNew();

        var report = await registry.Importer.ImportAsync(ImportKind.People, new StringReader(People(count)),
            new ImportOptions(Progress: p => { lock (progress) progress.Add(p); }));

        watch.Stop();
        Assert.Empty(report.Errors);
        Assert.Equal(count, report.Created);
        Assert.Equal(Enumerable.Range(2, count), report.Rows.Select(r => r.Line)); // real lines, in file order
        Assert.Contains(progress, p => p is { Phase: ImportPhase.Checking, Done: count });
        Assert.Equal(new ImportProgress(ImportPhase.Writing, count, count), progress[^1]);
        Assert.True(progress.Count(p => p.Phase == ImportPhase.Writing) >= count / RegistryImporter.ProgressEvery);
        var rate = count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{count} people in {watch.Elapsed.TotalSeconds:F1} s: {rate:F0} rows/s (100 000 rows ≈ {100_000 / rate / 60:F1} min)");
    }
}
