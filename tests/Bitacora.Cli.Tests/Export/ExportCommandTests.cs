using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Options;

namespace Bitacora.Cli.Tests.Export;

[Collection(AzuriteCollection.Name)]
public sealed class ExportCommandTests(AzuriteFixture azurite)
{
    private static string Sample(string file) => Path.Combine(AppContext.BaseDirectory, "Content", "Samples", file);

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.CreateDefault().RunAsync(args, new CliConsole(TextReader.Null, output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Exports_the_same_files_as_the_bot_csv_to_stdout_xlsx_to_a_file_and_refuses_bad_arguments()
    {
        var prefix = azurite.NewTablePrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--table-prefix", prefix];
        Assert.Equal(0, (await RunAsync(["territories", "import", Sample("territories.csv"), .. storage])).Code);
        Assert.Equal(0, (await RunAsync(["units", "import", Sample("units.csv"), .. storage])).Code);
        var sessions = new SessionRepository(new TableClientProvider(new TableServiceClient(azurite.ConnectionString), prefix),
            TimeProvider.System, Options.Create(new SessionOptions()));
        await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "junji-bitacora-ett", 1, "2026",
            new DateOnly(2026, 4, 7), "Objetivo", null, new Participant("aad-1", "Soto, Luis \"Lucho\""), null,
            new SessionUnit("rbd:41201", "Pequeños Exploradores")));

        var commitments = await RunAsync(["export", "commitments", "--territory", "16-01", "--period", "2026-1", "--format", "csv", .. storage]);
        Assert.Equal(0, commitments.Code);
        Assert.StartsWith("\uFEFFTerritorio;Código de la unidad;Unidad;Compromiso;Responsable;Fecha de rendición;Estado;", commitments.Out);
        Assert.Single(commitments.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        var participation = await RunAsync(["export", "participation", "--territory", "16-1", "--period", "2026", "--format", "csv", .. storage]);
        Assert.Equal(0, participation.Code);
        var lines = participation.Out.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("16-1;1;07-04-2026;RBD 41201-5;Pequeños Exploradores;", lines[1]);
        // «Presente» and «Asistencia registrada por» stay empty: no attendance was recorded for this session.
        Assert.Contains(";En curso;\"Soto, Luis \"\"Lucho\"\"\";0;;;territory:16-1/", lines[1]);

        var file = Path.Combine(Path.GetTempPath(), "bitacora-cli-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            var xlsx = await RunAsync(["export", "participation", "--territory", "16-1", "--period", "2026", "--out", file, .. storage]);
            Assert.Equal(0, xlsx.Code);
            var book = await PythonReader.ReadXlsxAsync(await File.ReadAllBytesAsync(file));
            var sheet = Assert.Single(book["sheets"]!.AsArray())!;
            Assert.Equal("Participación", sheet["title"]!.GetValue<string>());
            Assert.Equal(2, sheet["maxRow"]!.GetValue<int>());
            Assert.Equal("2026-04-07T00:00:00", sheet["rows"]![1]![2]!["value"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
        }

        var noOut = await RunAsync(["export", "rubric", "--territory", "16-1", .. storage]);
        Assert.Equal(1, noOut.Code);
        Assert.Contains("--out", noOut.Error);

        var bad = await RunAsync(["export", "commitments", "--territory", "16-1", "--unit", "rbd:41201", .. storage]);
        Assert.Equal(1, bad.Code);
        Assert.Contains("exactamente uno", bad.Error);
    }
}
