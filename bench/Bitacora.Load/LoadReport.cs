namespace Bitacora.Load;

/// <summary>What one run measured, printed side by side with the bare round trip of the same run.</summary>
internal sealed class LoadReport(LoadOptions options)
{
    public Latencies BareIdle { get; } = new();
    public Latencies BareUnderLoad { get; } = new();
    public Latencies Burst { get; } = new();
    public Latencies Steady { get; } = new();
    public List<long> SampleBefore { get; } = [];
    public List<long> SampleAfter { get; } = [];

    public int FailedStarts;
    public int Refused;
    public int Confirmed;
    public int Lost;
    public int Duplicated;
    public bool TimeLimitHit;
    public double BurstSeconds;
    public double SteadySeconds;
    public double TurnsPerSecond;
    public double RequestsPerTurnUnderLoad;
    public double BotCpu;
    public double AzuriteCpu;
    public double ToolCpu;
    public double BotRssMiB;
    public IReadOnlyDictionary<string, List<StartFigures>> ColdStarts { get; set; } = new Dictionary<string, List<StartFigures>>();

    public void Print(TimeSpan wall, string loadAverage)
    {
        static string Ms(double v) => Latencies.Ms(v);
        var floor = BareUnderLoad.P(50);
        string Times(double v) => floor > 0 ? $"{v / floor:0}×" : "n/a";
        Console.WriteLine();
        Console.WriteLine($"== Bitácora load: {options.Sessions} sessions × {options.Advisers} advisers, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                          $"{Environment.ProcessorCount} cores, load average at the end {loadAverage} ==");
        Console.WriteLine($"{"measure",-58} {"value",-34} ÷ bare p50 under load");
        Row("bare Azurite round trip, idle (p50 / p99)", $"{Ms(BareIdle.P(50))} / {Ms(BareIdle.P(99))}", "");
        Row($"bare Azurite round trip, under load (p50 / p99, n={BareUnderLoad.Count})", $"{Ms(floor)} / {Ms(BareUnderLoad.P(99))}", "1×");
        Row($"answer turn p50 / p95 / p99 (n={Steady.Count})", $"{Ms(Steady.P(50))} / {Ms(Steady.P(95))} / {Ms(Steady.P(99))}",
            $"{Times(Steady.P(50))} / {Times(Steady.P(95))} / {Times(Steady.P(99))}");
        Row($"first-answer burst p50 / p99 ({Burst.Count} clicks at once)", $"{Ms(Burst.P(50))} / {Ms(Burst.P(99))} (all in {BurstSeconds:0.0} s)", Times(Burst.P(99)));
        Row("storage requests per answer turn, before the answer (max / mean)",
            SampleBefore.Count == 0 ? "n/a" : $"{SampleBefore.Max()} / {SampleBefore.Average():0.0}", "");
        Row("storage requests per answer turn, after the answer (mean)", SampleAfter.Count == 0 ? "n/a" : $"{SampleAfter.Average():0.0}", "");
        Row("storage requests per turn under load (all work ÷ turns)", $"{RequestsPerTurnUnderLoad:0.0}", "");
        Row("answer turns per second (steady phase)", $"{TurnsPerSecond:0.0} over {SteadySeconds:0} s", "");
        Row("CPU: bot / Azurite / this tool (cores busy)", $"{BotCpu:0.00} / {AzuriteCpu:0.00} / {ToolCpu:0.00}", "");
        foreach (var (name, runs) in ColdStarts) Console.WriteLine($"cold start to first 2xx of /health, {name}: {StartMeasure.Describe(runs)}");
        Row("bot RSS after the load", $"{BotRssMiB:0} MiB", "");
        Row("answers confirmed / lost / duplicated / refused", $"{Confirmed} / {Lost} / {Duplicated} / {Refused}", "");
        Row("conflict cards met (then «Guardar la mía»)", Meeting.Conflicts.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        Row("meetings that failed to start; time limit hit", $"{FailedStarts}; {(TimeLimitHit ? "YES" : "no")}", "");
        Row("wall time of the whole run", $"{wall.TotalSeconds:0} s", "");
        if (SampleBefore.Count > 0) Console.WriteLine($"requests before each sampled answer: {string.Join(' ', SampleBefore)}; after: {string.Join(' ', SampleAfter)}");
        foreach (var (reason, count) in Meeting.Refusals.OrderByDescending(r => r.Value).Take(8))
        {
            Console.WriteLine($"not saved ×{count}: {reason}");
        }
    }

    private static void Row(string measure, string value, string ratio) => Console.WriteLine($"{measure,-58} {value,-34} {ratio}");
}
