using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Bitacora.Benchmarks.Cards;

/// <summary>
/// `dotnet run -c Release --project bench/Bitacora.Benchmarks -- cards`: the official JS engine (node, same template
/// and data) and our engine (BenchmarkDotNet, MemoryDiagnoser) in one run, then the C#/JS ratio.
/// </summary>
internal static class CardsComparison
{
    public static int Run(string? baselineDll, string? baselineBotDir)
    {
        // The machine is shared: the JS engine is measured before AND after the C# one, and the ratio is given against
        // both, so a load change during the run shows as a range instead of a wrong single figure.
        var jsBefore = RunNode();
        Console.WriteLine($"JS  official engine (before): {jsBefore / 1000:N1} µs/op (median, after warm-up)");

        // In process: BenchmarkDotNet's separate build of a generated project takes longer than its 120 s timeout on the
        // shared 2-core machine; the emitted in-process runner needs no build and measures the same Release code.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance));
        var summary = BenchmarkRunner.Run<CardTemplateBenchmarks>(config);
        var expand = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(CardTemplateBenchmarks.Expand));
        if (expand?.ResultStatistics is null)
        {
            Console.Error.WriteLine("The C# benchmark produced no result.");
            return 1;
        }
        var jsAfter = RunNode();
        Console.WriteLine($"JS  official engine (after): {jsAfter / 1000:N1} µs/op (median, after warm-up)");
        var js = Math.Min(jsBefore, jsAfter);
        var cs = expand.ResultStatistics.Median;
        var allocated = expand.GcStats.GetBytesAllocatedPerOperation(expand.BenchmarkCase) ?? 0;
        Console.WriteLine();
        Console.WriteLine($"Guide card (60 questions), template parsed once — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                          $"{Environment.ProcessorCount} cores, load average {LoadAverage()}:");
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            Console.WriteLine($"  {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-36} {report.ResultStatistics!.Median / 1000,9:N1} µs/op (median) " +
                              $"{bytes / 1024.0,9:N1} KiB allocated/op");
        }
        Console.WriteLine($"  JS  official expand                  {jsBefore / 1000,9:N1} µs/op before the C# run, {jsAfter / 1000:N1} µs/op after");
        Console.WriteLine($"  ratio C#/JS (expand)                 {cs / Math.Max(jsBefore, jsAfter):N3}–{cs / js:N3} (C# median over the JS run before/after; " +
                          $"{(cs <= js ? "C# is faster" : "C# is SLOWER")} than the faster JS run)");
        Console.WriteLine($"  C# expand allocates                  {allocated / 1024.0:N1} KiB/op");
        if (baselineDll is not null) BaselineComparison.Run(baselineDll);
        BotCardComparison.Run(baselineBotDir);
        return cs <= js ? 0 : 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static double RunNode()
    {
        var root = BenchFiles.RepoRoot();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(root, "tests", "oracle", "bench.js"));
        info.ArgumentList.Add(BenchFiles.GuideTemplate);
        info.ArgumentList.Add(BenchFiles.GuideData);
        info.ArgumentList.Add("5000");
        info.Environment["TZ"] = "UTC";
        info.Environment["LC_ALL"] = "en_US.UTF-8";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start node");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node tests/oracle/bench.js failed ({process.ExitCode}): {error}");
        }
        return JsonNode.Parse(output)!["nsPerOp"]!.GetValue<double>();
    }
}
