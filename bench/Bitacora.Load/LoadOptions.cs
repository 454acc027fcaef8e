using System.Globalization;

namespace Bitacora.Load;

/// <summary>Command-line options: <c>--sessions 200 --advisers 10 --rounds 3 --burst 400 --concurrency 48
/// --sample 20 --first-contacts 5 --rates 50,100 --paced-seconds 30 --time-limit 420 --starts 3 [--published DIR] [--starts-only] [--scheduler] [--trace]</c> (seconds). <c>--published</c>: also start
/// the bot from a <c>dotnet publish</c> output (e.g. ReadyToRun) side by side; <c>--starts-only</c>: measure the cold
/// starts and stop (no load); <c>--scheduler</c>: cold starts with the Hangfire server running in the bot, as deployed
/// (Reminders:RunScheduler=true; the load itself always runs without it); <c>--trace</c>: print the storage requests of
/// each sampled kind of turn; <c>--rates</c>: the offered rates of the paced (open-loop) phases, <c>0</c> for none.</summary>
internal sealed record LoadOptions
{
    public int Sessions { get; init; } = 200;
    public int Advisers { get; init; } = 10;
    public int Rounds { get; init; } = 3;
    public int Burst { get; init; } = 400;
    public int Concurrency { get; init; } = 48;
    public int Sample { get; init; } = 20;
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(420);
    public int Starts { get; init; } = 3;
    public string? Published { get; init; }
    public bool StartsOnly { get; init; }
    public bool Trace { get; init; }
    public bool Scheduler { get; init; }
    public int FirstContacts { get; init; } = 5;
    /// <summary>Offered rates (answers per second) of the paced, open-loop phases, one after the other.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [50, 100];
    public TimeSpan PacedLength { get; init; } = TimeSpan.FromSeconds(30);

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            o = args[i] switch
            {
                "--sessions" => o with { Sessions = Next() },
                "--advisers" => o with { Advisers = Math.Min(Next(), 50) },
                "--rounds" => o with { Rounds = Next() },
                "--burst" => o with { Burst = Next() },
                "--concurrency" => o with { Concurrency = Next() },
                "--sample" => o with { Sample = Next() },
                "--time-limit" => o with { TimeLimit = TimeSpan.FromSeconds(Next()) },
                "--starts" => o with { Starts = Next() },
                "--published" when i + 1 < args.Length => o with { Published = Path.GetFullPath(args[++i]) },
                "--starts-only" => o with { StartsOnly = true },
                "--trace" => o with { Trace = true },
                "--scheduler" => o with { Scheduler = true },
                "--first-contacts" => o with { FirstContacts = Next() },
                "--rates" when i + 1 < args.Length => o with { Rates = ParseRates(args[++i]) },
                "--paced-seconds" => o with { PacedLength = TimeSpan.FromSeconds(Next()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --sessions --advisers --rounds --burst --concurrency --sample --time-limit --starts --published DIR --starts-only --scheduler --trace --first-contacts --rates 50,100 --paced-seconds 30"),
            };
        }
        return o;
    }

    /// <summary>"50,100" → [50, 100]; "0" → none (no paced phase).</summary>
    private static double[] ParseRates(string list) => list == "0" ? [] : [.. list.Split(',').Select(r =>
        double.TryParse(r, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new ArgumentException($"--rates needs positive numbers separated by commas, not {list}"))];
}
