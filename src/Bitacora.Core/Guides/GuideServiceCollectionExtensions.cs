using Bitacora.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Guides;

/// <summary>Bound from the "Guides" configuration section.</summary>
public sealed record GuideOptions
{
    public const string SectionName = "Guides";

    /// <summary>Folder of the guide files; defaults to Content/Guides next to the binaries.</summary>
    public string? Path { get; init; }

    public string ResolvedPath => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(AppContext.BaseDirectory, "Content", "Guides")
        : System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);
}

public static class GuideServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GuideCatalog"/> as a singleton, loaded and validated when the host starts: an invalid guide
    /// stops the bot with <see cref="GuideValidationException"/> naming each file and JSON path.
    /// </summary>
    public static IServiceCollection AddGuides(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GuideOptions>()
            .Bind(configuration.GetSection(GuideOptions.SectionName))
            .Validate(o => Directory.Exists(o.ResolvedPath), "Guides:Path does not name an existing folder of guide files.")
            .ValidateOnStart();
        services.AddSingleton(sp => GuideCatalog.Load(sp.GetRequiredService<IOptions<GuideOptions>>().Value.ResolvedPath));
        services.AddStartupCheck(sp =>
        {
            var catalog = sp.GetRequiredService<GuideCatalog>();
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<GuideCatalog>().LogInformation(
                "Loaded {Count} guides: {Guides}", catalog.Guides.Count,
                string.Join(", ", catalog.Guides.Select(g => $"{g.Id} v{g.Version}")));
        });
        return services;
    }
}

