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
    /// How long an UNKNOWN sender (not in the registry) is remembered as unknown across turns, per bot instance; 0
    /// disables the identity cache altogether. Registered people are kept longer (<see cref="KnownIdentityCacheMinutes"/>).
    /// </summary>
    public int IdentityCacheSeconds { get; init; } = 60;

    /// <summary>
    /// How long a registered person's resolved identity is reused across turns, per bot instance, while the registry's
    /// people version is unchanged — a meeting's length, so a person answering every few minutes costs no registry read.
    /// Any change of people (import, CLI, another instance) drops every cached identity within
    /// <see cref="RegistryVersionCheckSeconds"/>.
    /// </summary>
    public int KnownIdentityCacheMinutes { get; init; } = 240;

    /// <summary>How often (at most) an instance re-reads the registry's people version, in the background of a turn.</summary>
    public int RegistryVersionCheckSeconds { get; init; } = 30;
}
