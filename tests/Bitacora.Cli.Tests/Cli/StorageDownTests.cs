using System.Diagnostics;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Cli;

/// <summary>
/// Storage down (a closed loopback port): every verb that uses storage ends with one Spanish line and exit code 3 in
/// in seconds — no stack trace, no retries for minutes. The verbs come from the command tree (those with --storage).
/// </summary>
public sealed class StorageDownTests
{
    // Storage SDK retries would take minutes; the bound is generous so a loaded CI machine (JIT, parallel test projects)
    // does not fail it. The measured time on an idle machine is well under a second.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>The arguments each storage verb needs to reach storage; a new storage verb must be added here.</summary>
    private static readonly Dictionary<string, string[]> ArgumentsByVerb = new()
    {
        ["territories import"] = [CliRun.Sample("territories.csv")],
        ["units import"] = [CliRun.Sample("units.csv")],
        ["people import"] = [CliRun.Sample("people.csv"), "--dry-run"],
        ["export commitments"] = ["--territory", "16-1", "--format", "csv"],
        ["export answers"] = ["--region", "16", "--format", "csv"],
        ["export participation"] = ["--unit", "rbd:41201", "--format", "csv"],
        ["export rubric"] = ["--territory", "16-1", "--out", Path.Combine(Path.GetTempPath(), "bitacora-nunca.xlsx")],
        ["export bitacora"] = ["--territory", "16-1", "--period", "2026", "--out", Path.Combine(Path.GetTempPath(), "bitacora-nunca.docx")],
        ["export sesion"] = ["--session", "territory:16-1/0001", "--out", Path.Combine(Path.GetTempPath(), "sesion-nunca.docx")],
        ["reminders run"] = ["--at", "2026-05-04T09:00:00-04:00"],
    };

    private static string DeadStorage() =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{FreePort.Next()}/{AzuriteFixture.AccountName};" +
        $"BlobEndpoint=http://127.0.0.1:{FreePort.Next()}/{AzuriteFixture.AccountName};";

    public static TheoryData<string> StorageVerbs()
    {
        var data = new TheoryData<string>();
        foreach (var (path, command) in CliRun.Verbs().Where(v => v.Command.Options.Any(o => o.Name == "--storage")))
        {
            data.Add(string.Join(' ', path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StorageVerbs))]
    public async Task Every_storage_verb_says_so_in_one_spanish_line_and_exits_3_quickly(string verb)
    {
        Assert.True(ArgumentsByVerb.TryGetValue(verb, out var args), $"add the arguments of the new storage verb «{verb}» to this test");
        var clock = Stopwatch.StartNew();

        var run = await CliRun.RunAsync([.. verb.Split(' '), .. args, "--storage", DeadStorage()]);

        Assert.True(clock.Elapsed < Limit, $"{verb} took {clock.Elapsed}");
        Assert.Equal(ExitCodes.StorageUnreachable, run.Code);
        var line = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bitacora {verb}: no se pudo usar el almacenamiento (", line);
        Assert.Contains("Connection refused", line);
        Assert.DoesNotContain("AccountKey", line);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task The_real_process_reads_BITACORA_STORAGE_and_exits_3_without_a_stack_trace()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "bitacora.dll"), "territories", "import", CliRun.Sample("territories.csv") })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["BITACORA_STORAGE"] = DeadStorage();
        info.Environment.Remove("Storage__ConnectionString");
        var clock = Stopwatch.StartNew();

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(limit.Token);

        // The bound is asserted in-process above; a child process on a shared, loaded CI machine also pays .NET
        // start-up, so it gets more room here (about 0.5 s of CPU on an idle machine).
        Assert.True(clock.Elapsed < 3 * Limit, $"the process took {clock.Elapsed}");
        Assert.Equal(ExitCodes.StorageUnreachable, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bitacora territories import: no se pudo usar el almacenamiento (Connection refused", line);
        Assert.Equal("", await stdout);
    }
}
