using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry;

/// <summary>
/// On start, when <see cref="RegistryOptions.SeedSamples"/> is on and the registry holds no territory, imports the
/// sample CSVs (territories, then units, then people) so a new user sees a working bot at once. Imports are
/// idempotent, so two instances starting together do no harm.
/// </summary>
public sealed class RegistrySeeder(
    IOptions<RegistryOptions> options,
    TerritoryStore territories,
    RegistryImporter importer,
    ILogger<RegistrySeeder> logger) : IHostedService
{
    public const string TerritoriesFile = "territories.csv";
    public const string UnitsFile = "units.csv";
    public const string PeopleFile = "people.csv";

    public static string DefaultSamplesPath => Path.Combine(AppContext.BaseDirectory, "Content", "Samples");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedSamples)
        {
            return;
        }
        try
        {
            await SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or AggregateException)
        {
            // The bot still starts; the registry can be imported later with the CLI.
            logger.LogError(e, "Could not seed the registry with the sample data");
        }
    }

    /// <summary>Imports the samples if the registry is empty; returns the reports, or an empty list when it was not.</summary>
    public async Task<IReadOnlyList<ImportReport>> SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await territories.AnyAsync(ct).ConfigureAwait(false))
        {
            logger.LogInformation("Registry already has territories; samples not loaded");
            return [];
        }
        var folder = options.Value.SamplesPath is { Length: > 0 } p ? p : DefaultSamplesPath;
        var reports = new List<ImportReport>();
        foreach (var (kind, file) in new[]
                 {
                     (ImportKind.Territories, TerritoriesFile), (ImportKind.Units, UnitsFile), (ImportKind.People, PeopleFile),
                 })
        {
            using var reader = RegistryImporter.OpenFile(Path.Combine(folder, file));
            var report = await importer.ImportAsync(kind, reader, new ImportOptions(), ct).ConfigureAwait(false);
            foreach (var error in report.Errors)
            {
                logger.LogWarning("Sample {File} line {Line}: {Reason}", file, error.Line, error.Reason);
            }
            logger.LogInformation("Seeded {Kind} from {File}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Errors} errors",
                kind, file, report.Created, report.Updated, report.Unchanged, report.Errors.Count);
            reports.Add(report);
        }
        return reports;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
