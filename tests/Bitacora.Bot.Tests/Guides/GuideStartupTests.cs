using Bitacora.Bot.Guides;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Guides;

[Collection(RawHostCollection.Name)]
public sealed class GuideStartupTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bitacora-guides-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static WebApplication Build(string? guidesPath)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (guidesPath is not null)
        {
            builder.Configuration["Guides:Path"] = guidesPath;
        }
        builder.Services.AddGuides(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task The_host_stops_right_after_starting_on_an_invalid_guide_and_names_the_location()
    {
        File.Copy(Path.Combine(ShippedGuides.Folder, "dep-ejecucion-evaluacion.json"), Path.Combine(_dir.FullName, "dep-ejecucion-evaluacion.json"));
        var text = File.ReadAllText(Path.Combine(ShippedGuides.Folder, "junji-bitacora-ett.json"))
            .Replace("\"kind\": \"date\"", "\"kind\": \"fecha\"");
        File.WriteAllText(Path.Combine(_dir.FullName, "junji-bitacora-ett.json"), text);
        await using var app = Build(_dir.FullName);

        // Content is checked right after the start (off the start path, issue 16); a broken guide stops the app.
        var exitCode = Environment.ExitCode;
        GuideValidationException ex;
        try
        {
            await app.StartAsync();
            ex = await Assert.ThrowsAsync<GuideValidationException>(() =>
                app.Services.GetRequiredService<Bitacora.Bot.Hosting.StartupChecksRunner>().Completion.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(app.Lifetime.ApplicationStopping.IsCancellationRequested);
            await app.StopAsync();
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }

        Assert.Contains(ex.Problems, p => p.File == "junji-bitacora-ett.json" && p.Path == "$.sections[6].questions[0].kind");
        Assert.Contains("junji-bitacora-ett.json: $.sections[5].questions[0].columns[1].kind: unknown column kind 'fecha'", ex.Message);
    }

    [Fact]
    public async Task The_host_starts_with_the_shipped_guides_from_the_default_folder()
    {
        await using var app = Build(guidesPath: null);

        await app.StartAsync();
        try
        {
            var catalog = app.Services.GetRequiredService<GuideCatalog>();
            Assert.Equal(["dep-ejecucion-evaluacion", "junji-bitacora-ett"], catalog.Guides.Select(g => g.Id));
            Assert.Same(catalog, app.Services.GetRequiredService<GuideCatalog>());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
