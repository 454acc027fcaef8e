using Bitacora.Cli;
using Bitacora.Cli.Commands.Guides;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Guides;

public sealed class GuidesValidateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bitacora-cli-guides-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Shipped(string name) => RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Guides", name);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.CreateDefault().RunAsync(["guides", "validate", .. args], new CliConsole(TextReader.Null, stdout, stderr), CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Without_arguments_it_checks_the_shipped_guides_next_to_the_binary()
    {
        var (exit, output, error) = await Run();

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("OK    dep-ejecucion-evaluacion.json: dep-ejecucion-evaluacion v1, 6 secciones, 33 preguntas, rúbrica 4×3", output);
        Assert.Contains("OK    junji-bitacora-ett.json: junji-bitacora-ett v1, 8 secciones, 47 preguntas", output);
    }

    [Fact]
    public async Task A_broken_file_prints_each_problem_with_its_location_and_exits_1()
    {
        var broken = Path.Combine(_dir.FullName, "dep-ejecucion-evaluacion.json");
        File.WriteAllText(broken, File.ReadAllText(Shipped("dep-ejecucion-evaluacion.json"))
            .Replace("\"version\": 1,", "\"version\": 0,")
            .Replace("\"id\": \"ej-cond-claridad-con-quien\"", "\"id\": \"ej-cond-claridad-que-hacer\""));

        var (exit, output, error) = await Run(broken, Shipped("junji-bitacora-ett.json"));

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains("OK    junji-bitacora-ett.json", output);
        Assert.Contains("ERROR dep-ejecucion-evaluacion.json: $.version: 'version' must be an integer greater than or equal to 1, found 0", error);
        Assert.Contains("ERROR dep-ejecucion-evaluacion.json: $.sections[0].questions[2].id: duplicate question id 'ej-cond-claridad-que-hacer'", error);
        Assert.Contains("2 problema(s) en 1 de 2 archivo(s).", error);
    }

    [Fact]
    public async Task A_missing_file_is_an_error()
    {
        var (exit, _, error) = await Run(Path.Combine(_dir.FullName, "nope.json"));

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains("nope.json: $: cannot read the file", error);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (exit, _, error) = await Run("--strict");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("bitacora guides validate: ", error);
        Assert.Contains("--strict", error);
    }

    [Fact]
    public async Task An_empty_folder_as_default_is_an_error()
    {
        var command = new GuidesValidateCommand { DefaultFolder = _dir.FullName };
        var stderr = new StringWriter();

        var exit = await new CliApp([command]).RunAsync(["guides", "validate"], new CliConsole(TextReader.Null, TextWriter.Null, stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains("guide folder holds no guide", stderr.ToString());
    }
}
