using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Options;

namespace Bitacora.Cli.Tests.Export;

/// <summary>`bitacora export bitacora`: the period logbook as .docx, read back with DocumentFormat.OpenXml.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExportLogbookCommandTests(AzuriteFixture azurite)
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
    public async Task Writes_the_logbook_with_each_record_as_a_word_document()
    {
        var prefix = azurite.NewTablePrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--table-prefix", prefix];
        Assert.Equal(0, (await RunAsync(["territories", "import", Sample("territories.csv"), .. storage])).Code);
        var tables = new TableClientProvider(new TableServiceClient(azurite.ConnectionString), prefix);
        var options = Options.Create(new SessionOptions());
        var service = new LogbookService(new LogbookStore(tables, options), new AnswerRepository(tables, TimeProvider.System, options),
            new SessionRepository(tables, TimeProvider.System, options), new TerritoryStore(tables), new RegistryFields(RegistryCatalog.LoadDefault()),
            new SessionCommitmentsSource(new CommitmentStore(tables)), TimeProvider.System);
        var guide = GuideCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Guides")).Get("junji-bitacora-ett");
        var scope = new ResolvedScope(SessionScope.Territory("16-1", "Territorio 1 Diguillín"), null);
        var by = new Participant("aad-1", "Luis Soto");
        await service.StartRecordAsync(guide, scope, new DateOnly(2026, 4, 7), "Planificar el periodo", "Conversatorio", by, null, default);
        await service.StartRecordAsync(guide, scope, new DateOnly(2026, 4, 21), "Revisar casos", null, by, null, default);

        var file = Path.Combine(Path.GetTempPath(), $"bitacora-{Guid.NewGuid():N}.docx");
        try
        {
            var run = await RunAsync(["export", "bitacora", "--territory", "16-01", "--period", "2026", "--out", file, .. storage]);
            Assert.True(run.Code == 0, run.Error);
            Assert.Contains("2 registros", run.Out);
            using var document = WordprocessingDocument.Open(file, false);
            var text = document.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("REGISTRO COMUNIDAD DE APRENDIZAJE N°1", text);
            Assert.Contains("REGISTRO COMUNIDAD DE APRENDIZAJE N°2", text);
            Assert.Contains("Planificar el periodo", text);
            Assert.Contains("Revisar casos", text);
            Assert.Contains("7 de abril de 2026", text);
            Assert.Contains("Diguillín", text);

            var missing = await RunAsync(["export", "bitacora", "--territory", "16-2", "--period", "2026", "--out", file, .. storage]);
            Assert.NotEqual(0, missing.Code);
            Assert.Contains("no tiene bitácora del periodo 2026", missing.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Writes_one_session_record_as_a_word_document_with_the_shared_export_options()
    {
        var prefix = azurite.NewTablePrefix();
        string[] storage = ["--storage", azurite.ConnectionString, "--table-prefix", prefix];
        var tables = new TableClientProvider(new TableServiceClient(azurite.ConnectionString), prefix);
        var options = Options.Create(new SessionOptions());
        var guide = GuideCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Guides")).Get("dep-ejecucion-evaluacion");
        var by = new Participant("aad-1", "Megan Bowen");
        var session = await new SessionRepository(tables, TimeProvider.System, options).StartAsync(new StartSession(
            SessionScope.Territory("16-1", "Territorio 1 Diguillín"), guide.Id, guide.Version, "2026", new DateOnly(2026, 5, 4),
            "Revisar las condiciones", "Visita", by, null, new SessionUnit("junji:16101001", "Jardín Infantil Los Copihues")));
        var question = guide.Sections[0].Questions.First(q => q.Kind == QuestionKind.Closed);
        await new AnswerRepository(tables, TimeProvider.System, options).SaveAsync(
            new SaveAnswer(session.Id, question.Id, new ClosedAnswer("parcialmente"), "Falta la carta Gantt", by, guide.Version));

        var file = Path.Combine(Path.GetTempPath(), $"sesion-{Guid.NewGuid():N}.docx");
        try
        {
            var run = await RunAsync(["export", "sesion", "--session", session.Id, "--out", file, .. storage]);
            Assert.True(run.Code == 0, run.Error);
            Assert.Contains("sesión N°1", run.Out);
            using (var document = WordprocessingDocument.Open(file, false))
            {
                var text = document.MainDocumentPart!.Document.Body!.InnerText;
                Assert.Contains("Registro de la sesión N°1", text);
                Assert.Contains("Falta la carta Gantt", text);
                Assert.Contains("Megan Bowen", text);
            }

            var missing = await RunAsync(["export", "sesion", "--session", "no-such-session", "--out", file, .. storage]);
            Assert.Equal(ExitCodes.Data, missing.Code);
            Assert.Contains("no hay una sesión no-such-session", missing.Error);
            var unknown = await RunAsync(["export", "sesion", "--territory", "16-1", "--out", file, .. storage]);
            Assert.Equal(ExitCodes.Usage, unknown.Code);
            Assert.Contains("--territory", unknown.Error);
            var noValue = await RunAsync(["export", "sesion", "--session"]);
            Assert.Equal(ExitCodes.Usage, noValue.Code);
            Assert.Contains("--session", noValue.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
