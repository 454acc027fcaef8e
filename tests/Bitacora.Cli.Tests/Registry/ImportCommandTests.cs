using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class ImportCommandTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bitacora-cli-registry-").FullName;

    private static string Sample(string file) => Path.Combine(AppContext.BaseDirectory, "Content", "Samples", file);

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.CreateDefault().RunAsync(args, new CliConsole(TextReader.Null, output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Dry_run_previews_then_import_writes_then_reimport_is_unchanged()
    {
        var prefix = azurite.NewTablePrefix();
        var storage = new[] { "--storage", azurite.ConnectionString, "--table-prefix", prefix };

        var preview = await RunAsync(["territories", "import", Sample("territories.csv"), "--dry-run", .. storage]);
        var again = await RunAsync(["territories", "import", Sample("territories.csv"), "--dry-run", .. storage]);
        var import = await RunAsync(["territories", "import", Sample("territories.csv"), .. storage]);
        var units = await RunAsync(["units", "import", Sample("units.csv"), .. storage]);
        var people = await RunAsync(["people", "import", Sample("people.csv"), .. storage]);
        var reimport = await RunAsync(["people", "import", Sample("people.csv"), .. storage]);

        Assert.Equal(0, preview.Code);
        Assert.Contains("se crearía 16-1 (línea 2)", preview.Out);
        Assert.Contains("Vista previa (no se guardó nada): se crearían 2", preview.Out);
        Assert.Contains("se crearían 2", again.Out); // the preview wrote nothing
        Assert.Equal(0, import.Code);
        Assert.Contains("Listo: 2 creados, 0 actualizados, 0 sin cambios, 0 filas con errores.", import.Out);
        Assert.Contains("13 creados", units.Out);
        Assert.Contains("16 creados", people.Out);
        Assert.Equal((0, "Listo: 0 creados, 0 actualizados, 16 sin cambios, 0 filas con errores." + Environment.NewLine), (reimport.Code, reimport.Out));
    }

    [Fact]
    public async Task Invalid_rows_go_to_stderr_with_their_line_and_strict_imports_nothing()
    {
        var prefix = azurite.NewTablePrefix();
        var file = Path.Combine(_folder, "territorios.csv");
        await File.WriteAllTextAsync(file,
            "\uFEFFregion,number,name,communes\r\nÑuble,1,Diguillín,Chillán|Bulnes\r\nÑuble,dos,Punilla,San Carlos\r\n",
            new System.Text.UTF8Encoding(true));

        var strict = await RunAsync("territories", "import", file, "--strict", "--storage", azurite.ConnectionString, "--table-prefix", prefix);
        var lenient = await RunAsync("territories", "import", file, "--storage", azurite.ConnectionString, "--table-prefix", prefix);

        Assert.Equal(2, strict.Code);
        Assert.Contains("Línea 3: número de territorio inválido: «dos»", strict.Error);
        Assert.Contains("Modo estricto", strict.Error);
        Assert.Contains("se crearían 1", strict.Out);
        Assert.Equal(2, lenient.Code);
        Assert.Contains("Listo: 1 creados", lenient.Out);
        Assert.Contains("Línea 3:", lenient.Error);
    }

    [Fact]
    public async Task Bad_arguments_give_one_clear_spanish_line_and_exit_code_1()
    {
        var missingFile = await RunAsync("units", "import");
        var noSuchFile = await RunAsync("units", "import", Path.Combine(_folder, "no-existe.csv"));
        var badOption = await RunAsync("units", "import", Sample("units.csv"), "--force");
        var noValue = await RunAsync("units", "import", Sample("units.csv"), "--storage");

        Assert.Equal([1, 1, 1, 1], new[] { missingFile.Code, noSuchFile.Code, badOption.Code, noValue.Code });
        Assert.StartsWith("bitacora units import: Falta el argumento requerido 'archivo'", missingFile.Error);
        Assert.Contains("no se encuentra el archivo", noSuchFile.Error);
        Assert.StartsWith("bitacora units import: ", badOption.Error);
        Assert.Contains("--force", badOption.Error);
        Assert.Contains("--storage", noValue.Error);
        Assert.All(new[] { missingFile, badOption, noValue }, r => Assert.Contains("Usa «bitacora units import --help»", r.Error));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
