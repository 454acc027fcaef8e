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
    public async Task Exports_rfc4180_csv_with_bom_per_territory_and_refuses_bad_arguments()
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

        var commitments = await RunAsync(["export", "commitments", "--territory", "16-01", "--period", "2026-1", .. storage]);
        Assert.Equal(0, commitments.Code);
        Assert.Equal("\uFEFFterritory,unit_id,unit_name,commitment_id,what,responsible,accountability_date,status,days_overdue,"
                     + "means_of_verification,evidence,force_majeure_events,session_id,created_at\r\n", commitments.Out);

        var participation = await RunAsync(["export", "participation", "--territory", "16-1", "--period", "2026", .. storage]);
        Assert.Equal(0, participation.Code);
        var lines = participation.Out.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("16-1,territory:16-1/", lines[1]);
        Assert.EndsWith(",1,2026-04-07,rbd:41201,Pequeños Exploradores,junji-bitacora-ett,Active,aad-1,\"Soto, Luis \"\"Lucho\"\"\",0", lines[1]);

        var bad = await RunAsync(["export", "commitments", "--territory", "16-1", "--unit", "rbd:41201", .. storage]);
        Assert.Equal(1, bad.Code);
        Assert.Contains("exactamente uno", bad.Error);
    }
}
