using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bitacora.Benchmarks.Cards;

/// <summary>
/// `dotnet run -c Release --project bench/Bitacora.Benchmarks -- cards`: the official JS engine (node, same template
/// and data) and our engine (BenchmarkDotNet, MemoryDiagnoser) in one run, then the C#/JS ratio.
/// </summary>
internal static class CardsComparison
{
    public static int Run()
    {
        var js = RunNode();
        Console.WriteLine($"JS  official engine: {js / 1000:N1} µs/op (median, after warm-up)");

        var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10));
        var summary = BenchmarkRunner.Run<CardTemplateBenchmarks>(config);
        var expand = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(CardTemplateBenchmarks.Expand));
        if (expand?.ResultStatistics is null)
        {
            Console.Error.WriteLine("The C# benchmark produced no result.");
            return 1;
        }
        var cs = expand.ResultStatistics.Median;
        var allocated = expand.GcStats.GetBytesAllocatedPerOperation(expand.BenchmarkCase) ?? 0;
        Console.WriteLine();
        Console.WriteLine("Guide card (60 questions) expand, template parsed once:");
        Console.WriteLine($"  C#  Bitacora.Cards : {cs / 1000:N1} µs/op, {allocated / 1024.0:N1} KiB allocated/op");
        Console.WriteLine($"  JS  official       : {js / 1000:N1} µs/op");
        Console.WriteLine($"  ratio C#/JS        : {cs / js:N3} ({(cs <= js ? "C# is faster" : "C# is SLOWER")})");
        return cs <= js ? 0 : 2;
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
