namespace Bitacora.Bot.Hosting;

/// <summary>Where the content files live: Content/ next to the binaries unless configured ("Content:Path", checked at start-up).</summary>
public sealed record ContentOptions
{
    public string Path { get; init; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Content");
}

public static class ContentServices
{
    /// <summary>"Content" (<see cref="ContentOptions"/>): the folder of Texts/, Cards/, Guides/, checked when the host starts.</summary>
    public static IServiceCollection AddContent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentOptions>()
            .Bind(configuration.GetSection("Content"))
            .Validate(o => Directory.Exists(o.Path), "Content:Path does not name an existing folder (Texts/, Cards/, Guides/ of the bot).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ContentOptions>>().Value);
        return services;
    }
}
