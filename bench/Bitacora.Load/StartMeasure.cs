using System.Diagnostics;
using System.Globalization;
using Bitacora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bitacora.Load;

/// <summary>One cold start: process start to the first 2xx of /health (polled every 10 ms), the CPU the process used
/// until then (user + system: what a busy machine cannot shrink or inflate much), and its resident set once it is idle:
/// 2 s after its start-up work is done (<see cref="StartVariant.DoneLine"/>), not merely 2 s after the first 2xx.</summary>
internal sealed record StartFigures(double WallMs, double CpuMs, double IdleRssMiB);

/// <summary>What is started: a name, an entry assembly, its extra environment, and the line its output prints when its
/// start-up work (the bot's content checks, which run after the first 2xx) is done — null when there is none.</summary>
internal sealed record StartVariant(string Name, string Dll, IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string>? Arguments = null, string? DoneLine = null);

/// <summary>
/// Cold starts of the bot on warm tables, side by side with a minimal Kestrel app (this tool in
/// <c>--reference-app</c> mode: the floor any ASP.NET Core process stands on here), several times each, interleaved
/// so a change of the machine's load hits every variant alike.
/// </summary>
internal static class StartMeasure
{
    public const string ReferenceAppFlag = "--reference-app";

    /// <summary>The minimal app: WebApplication.CreateSlimBuilder, one /health endpoint, nothing else.</summary>
    public static async Task RunReferenceAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("Healthy"));
        await app.RunAsync();
    }

    public static StartVariant Reference() =>
        new("minimal Kestrel app (reference)", typeof(StartMeasure).Assembly.Location, new Dictionary<string, string>(), [ReferenceAppFlag]);

    public static async Task<IReadOnlyDictionary<string, List<StartFigures>>> RunAsync(IReadOnlyList<StartVariant> variants, int times, TimeSpan idle)
    {
        var results = variants.ToDictionary(v => v.Name, _ => new List<StartFigures>());
        for (var i = 0; i < times; i++)
        {
            foreach (var variant in variants)
            {
                results[variant.Name].Add(await OnceAsync(variant, idle));
            }
        }
        return results;
    }

    public static string Describe(IReadOnlyList<StartFigures> runs)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
        }
        var ci = CultureInfo.InvariantCulture;
        return string.Create(ci, $"wall {Median(runs.Select(r => r.WallMs)):0} ms, CPU {Median(runs.Select(r => r.CpuMs)):0} ms, idle RSS {Median(runs.Select(r => r.IdleRssMiB)):0} MiB")
               + " (median of " + runs.Count.ToString(ci) + "; wall " + string.Join("/", runs.Select(r => r.WallMs.ToString("0", ci))) + ")";
    }

    private static async Task<StartFigures> OnceAsync(StartVariant variant, TimeSpan idle)
    {
        var port = FreePort.Next();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(variant.Environment)
        {
            ["ASPNETCORE_URLS"] = url,
            ["DOTNET_NOLOGO"] = "1",
        };
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        await using var process = ChildProcess.Start("dotnet", [variant.Dll, .. variant.Arguments ?? []], Path.GetDirectoryName(variant.Dll)!, environment);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{variant.Name} exited while starting:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync("health");
                if (response.IsSuccessStatusCode) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{variant.Name} not healthy in 120 s:\n{process.Output}");
            await Task.Delay(10);
        }
        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var cpu = ProcessCpu.Of(process.Id).TotalMilliseconds;
        // Until 2026-12-05 RSS was sampled 2 s after the first 2xx, which on a busy machine came before the bot's content
        // checks (they run after it) had finished: idle figures then read low (123–125 MiB instead of ≈ 145).
        while (variant.DoneLine is { } done && !process.Output.Contains(done, StringComparison.Ordinal))
        {
            if (process.HasExited) throw new InvalidOperationException($"{variant.Name} exited after starting:\n{process.Output}");
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{variant.Name}: no '{done}' in 120 s:\n{process.Output}");
            await Task.Delay(20);
        }
        await Task.Delay(idle); // what the start-up work left behind settles (2 s unless --idle-seconds says otherwise)
        return new StartFigures(wall, cpu, ProcessCpu.RssMiB(process.Id));
    }
}
