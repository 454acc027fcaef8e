using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>A registry on its own tables in Azurite, wired as AddRegistry would, plus the shipped catalog and texts.</summary>
internal sealed class TestRegistry
{
    public static RegistryCatalog Catalog { get; } = RegistryCatalog.LoadDefault();
    public static RegistryTexts Texts { get; } = RegistryTexts.LoadDefault();

    public TestRegistry(AzuriteFixture azurite)
    {
        Tables = new TableClientProvider(azurite.CreateServiceClient(), azurite.NewTablePrefix());
        Territories = new TerritoryStore(Tables);
        Units = new UnitStore(Tables);
        People = new PersonStore(Tables);
        Importer = new RegistryImporter(Catalog, Texts, Territories, Units, People);
    }

    public TableClientProvider Tables { get; }
    public TerritoryStore Territories { get; }
    public UnitStore Units { get; }
    public PersonStore People { get; }
    public RegistryImporter Importer { get; }

    public static string SamplesFolder => RegistrySeeder.DefaultSamplesPath;

    public static string Sample(string file) => File.ReadAllText(Path.Combine(SamplesFolder, file));

    public Task<ImportReport> ImportAsync(ImportKind kind, string csv, ImportOptions? options = null) =>
        Importer.ImportAsync(kind, new StringReader(csv), options ?? new ImportOptions());

    /// <summary>Imports the three sample files in order and checks they are clean.</summary>
    public async Task LoadSamplesAsync()
    {
        foreach (var (kind, file) in new[]
                 {
                     (ImportKind.Territories, RegistrySeeder.TerritoriesFile), (ImportKind.Units, RegistrySeeder.UnitsFile),
                     (ImportKind.People, RegistrySeeder.PeopleFile),
                 })
        {
            var report = await ImportAsync(kind, Sample(file));
            Assert.True(report.Errors.Count == 0, $"{file}: " + string.Join("; ", report.Errors.Select(e => $"{e.Line}: {e.Reason}")));
        }
    }

    /// <summary>Every row of every registry table, to prove an operation wrote nothing.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var rows = new List<string>();
        foreach (var name in new[] { "RegistryTerritories", "RegistryUnits", "RegistryPeople" })
        {
            var table = await Tables.GetAsync(name);
            await foreach (var e in table.QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                rows.Add($"{name}|{e.PartitionKey}|{e.RowKey}|{e.ETag}");
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
