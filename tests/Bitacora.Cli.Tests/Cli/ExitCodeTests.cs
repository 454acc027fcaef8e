namespace Bitacora.Cli.Tests.Cli;

/// <summary>Usage errors exit 1 with one Spanish line and a hint; the exit codes are the documented ones.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void Exit_codes_are_the_documented_ones()
    {
        Assert.Equal([0, 1, 2, 3, 4, 130],
            new[] { ExitCodes.Ok, ExitCodes.Usage, ExitCodes.Data, ExitCodes.StorageUnreachable, ExitCodes.Unexpected, ExitCodes.Cancelled });
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("export")]
    [InlineData("reminders", "run")]
    [InlineData("reminders", "run", "--at", "mañana")]
    [InlineData("reminders", "run", "--at", "2026-05-04T09:00:00")]
    [InlineData("export", "commitments", "--format", "pdf", "--territory", "16-1")]
    [InlineData("export", "commitments", "--territory", "16-1", "--region", "16", "--format", "csv")]
    [InlineData("export", "bitacora", "--territory", "16-1", "--period", "2026")]
    [InlineData("cards", "render", "--jsonl", "--template", "x.json")]
    [InlineData("reminders", "run", "--at", "2026-05-04T09:00:00-04:00", "--storage", "esto no es una cadena de conexión")]
    public async Task Usage_errors_exit_1_with_a_spanish_line_and_a_hint(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Equal("", run.Out);
        Assert.StartsWith("bitacora", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }
}
