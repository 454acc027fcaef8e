using BenchmarkDotNet.Running;
using Bitacora.Benchmarks.Cards;

// `-- cards [--baseline older/Bitacora.Cards.dll] [--baseline-bot older/bin/Release/net10.0] [--bot-only]`: our card
// engine against the official JS engine side by side (and against an older build of ours, in the same process), then
// the bot's real section card path; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "cards")
{
    string? Option(string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
    if (args.Contains("--bot-only"))
    {
        BotCardComparison.Run(Option("--baseline-bot"));
        return 0;
    }
    return CardsComparison.Run(Option("--baseline"), Option("--baseline-bot"));
}
// `-- sweep [--stored 100000] [--due 1000] [--runs 3] [--concurrency 8]`: one reminder sweep on Azurite (bench/README-reminders.md).
if (args.Length > 0 && args[0] == "sweep")
{
    return await Bitacora.Benchmarks.Reminders.SweepAtScale.RunAsync(args);
}
BenchmarkSwitcher.FromAssembly(typeof(CardTemplateBenchmarks).Assembly).Run(args);
return 0;
