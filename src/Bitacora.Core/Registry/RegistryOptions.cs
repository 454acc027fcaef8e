namespace Bitacora.Bot.Registry;

/// <summary>Bound from the "Registry" configuration section.</summary>
public sealed record RegistryOptions
{
    public const string SectionName = "Registry";

    /// <summary>Load the sample CSVs on start when the registry has no territory yet (true in Development).</summary>
    public bool SeedSamples { get; init; }

    /// <summary>Folder with territories.csv, units.csv and people.csv; Content/Samples next to the binaries by default.</summary>
    public string? SamplesPath { get; init; }

    /// <summary>Look users up in Microsoft Graph (mail/UPN by AAD object id) to link them; needs User.Read.All.</summary>
    public bool UseGraph { get; init; }

    /// <summary>
    /// How long a resolved turn identity (known or unknown) is reused across turns, per bot instance. Changes made
    /// through the bot invalidate it at once; an import through the CLI is seen after at most this long. 0 disables.
    /// </summary>
    public int IdentityCacheSeconds { get; init; } = 60;
}
