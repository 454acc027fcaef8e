namespace Bitacora.Load;

/// <summary>What one run measured, printed side by side with the bare round trip of the same run.</summary>
internal sealed class LoadReport(LoadOptions options)
{
    public Latencies BareIdle { get; } = new();
    public Latencies BareUnderLoad { get; } = new();
    public Latencies Burst { get; } = new();
    public Latencies Steady { get; } = new();
    public RequestTimings BurstStorage { get; } = new();
    public Latencies BareDuringBurst { get; } = new();
    public List<TurnCost> SteadySample { get; } = [];
    public List<PacedResult> Paced { get; } = [];
    public List<TurnCost> FirstContact { get; } = [];
    public TurnCost? StartCommand { get; set; }
    public TurnCost? Create { get; set; }

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
        var idle = BareIdle.P(50);
        string Times(double v) => floor > 0 ? $"{v / floor:0}×" : "n/a";
        string TimesIdle(double v) => idle > 0 ? $"{v / idle:0}×" : "n/a";
        Console.WriteLine();
        Console.WriteLine($"== Bitácora load: {options.Sessions} sessions × {options.Advisers} advisers, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                          $"{Environment.ProcessorCount} cores, load average at the end {loadAverage} ==");
        Console.WriteLine($"{"measure",-58} {"value",-34} ÷ bare p50 under load (÷ idle)");
        Row("bare Azurite round trip, idle (p50 / p99)", $"{Ms(BareIdle.P(50))} / {Ms(BareIdle.P(99))}", "");
        Row($"bare Azurite round trip, under load (p50 / p99, n={BareUnderLoad.Count})", $"{Ms(floor)} / {Ms(BareUnderLoad.P(99))}", "1×");
        Row($"answer turn p50 / p95 / p99 (n={Steady.Count})", $"{Ms(Steady.P(50))} / {Ms(Steady.P(95))} / {Ms(Steady.P(99))}",
            $"{Times(Steady.P(50))} / {Times(Steady.P(95))} / {Times(Steady.P(99))} (p99 {TimesIdle(Steady.P(99))})");
        foreach (var p in Paced)
        {
            Row($"paced {p.OfferedPerSecond:0.#}/s offered, open loop: p50 / p95 / p99 (n={p.Latencies.Count})",
                $"{Ms(p.Latencies.P(50))} / {Ms(p.Latencies.P(95))} / {Ms(p.Latencies.P(99))}",
                $"p99 ÷ idle p50: {TimesIdle(p.Latencies.P(99))}");
            var during = p.BareRoundTrip.P(50);
            Row($"   bare Azurite round trip during it (p50 / p99, n={p.BareRoundTrip.Count})",
                $"{Ms(during)} / {Ms(p.BareRoundTrip.P(99))}", during > 0 ? $"p99 ÷ this p50: {p.Latencies.P(99) / during:0}×" : "");
            Row($"   the same through the counting proxy, as the bot's go (n={p.BareThroughProxy.Count})",
                $"{Ms(p.BareThroughProxy.P(50))} / {Ms(p.BareThroughProxy.P(99))}", "");
            Row($"   achieved, skipped (adviser still waiting), CPU bot / Azurite",
                $"{p.AchievedPerSecond:0.0}/s over {p.Seconds:0} s, {p.Skipped}, {p.BotCpu:0.00} / {p.AzuriteCpu:0.00}", "");
            Row("   Azurite full GCs during it: count, pauses (+ marking)",
                $"{p.AzuriteGcs.Count}: {(p.AzuriteGcs.Count == 0 ? "none" : string.Join(", ", p.AzuriteGcs.Select(g => $"{g.PauseMs:0} (+{g.MarkingMs:0}) ms")))}", "");
            Row("   clicks ≥ p99 in flight as one of them ended",
                $"{p.SlowestClicks.DuringAzuriteGc} of {p.SlowestClicks.Slowest}", "");
        }
        Row($"first-answer burst p50 / p99 ({Burst.Count} clicks at once)", $"{Ms(Burst.P(50))} / {Ms(Burst.P(99))} (all in {BurstSeconds:0.0} s)", Times(Burst.P(99)));
        Row($"   bare Azurite round trip during it (p50 / p99 / max, n={BareDuringBurst.Count})",
            $"{Ms(BareDuringBurst.P(50))} / {Ms(BareDuringBurst.P(99))} / {Ms(BareDuringBurst.P(100))}", "");
        Row("storage requests, steady answer turn: before / after the answer", Costs(SteadySample), "");
        Row("storage requests, first answer of a new adviser: before / after", Costs(FirstContact), "");
        Row("storage requests, «iniciar sesión»: before / after", Costs(StartCommand is null ? [] : [StartCommand]), "");
        Row("storage requests, «Crear» (new meeting): before / after", Costs(Create is null ? [] : [Create]), "");
        Row("storage requests per turn under load (all work ÷ turns)", $"{RequestsPerTurnUnderLoad:0.0}", "");
        Row("answer turns per second (steady phase)", $"{TurnsPerSecond:0.0} over {SteadySeconds:0} s", "");
        Row("CPU: bot / Azurite / this tool (cores busy)", $"{BotCpu:0.00} / {AzuriteCpu:0.00} / {ToolCpu:0.00}", "");
        foreach (var (name, runs) in ColdStarts) Console.WriteLine($"cold start to first 2xx of /health, {name}: {StartMeasure.Describe(runs)}");
        Row("bot RSS after the load", $"{BotRssMiB:0} MiB", "");
        Row("answers confirmed / lost / duplicated / refused", $"{Confirmed} / {Lost} / {Duplicated} / {Refused}", "");
        Row("conflict cards met (then «Guardar la mía»)", Meeting.Conflicts.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        Row("meetings that failed to start; time limit hit", $"{FailedStarts}; {(TimeLimitHit ? "YES" : "no")}", "");
        Row("wall time of the whole run", $"{wall.TotalSeconds:0} s", "");
        if (SteadySample.Count > 0)
        {
            Console.WriteLine($"requests before each sampled steady answer: {string.Join(' ', SteadySample.Select(c => c.Before))}; after: {string.Join(' ', SteadySample.Select(c => c.After))}");
        }
        foreach (var p in Paced)
        {
            Console.WriteLine($"-- the bot's storage requests during paced {p.OfferedPerSecond:0.#}/s, by upstream time (proxy → Azurite → proxy):");
            foreach (var line in p.Storage.Lines(8)) Console.WriteLine("   " + line);
        }
        Console.WriteLine("-- the bot's storage requests during the burst, by upstream time:");
        foreach (var line in BurstStorage.Lines(10)) Console.WriteLine("   " + line);
        Trace("«iniciar sesión»", StartCommand);
        Trace("«Crear»", Create);
        Trace("first answer of a new adviser", FirstContact.FirstOrDefault());
        Trace("steady answer", SteadySample.LastOrDefault());
        foreach (var (reason, count) in Meeting.Refusals.OrderByDescending(r => r.Value).Take(8))
        {
            Console.WriteLine($"not saved ×{count}: {reason}");
        }
    }

    /// <summary>"max before / mean before / mean after" of sampled turns.</summary>
    private static string Costs(IReadOnlyList<TurnCost> costs) => costs.Count == 0 ? "n/a"
        : costs.Count == 1 ? $"{costs[0].Before} / {costs[0].After}"
        : $"{costs.Average(c => c.Before):0.0} (max {costs.Max(c => c.Before)}) / {costs.Average(c => c.After):0.0} (n={costs.Count})";

    private static void Trace(string name, TurnCost? cost)
    {
        if (cost is null || cost.Trace.Count == 0) return;
        Console.WriteLine($"-- storage requests of {name} (in arrival order; 'after' = tagged by the bot as after-answer work):");
        foreach (var line in cost.Trace) Console.WriteLine("   " + line);
    }

    private static void Row(string measure, string value, string ratio) => Console.WriteLine($"{measure,-58} {value,-34} {ratio}");
}
