using BenchmarkDotNet.Running;
using Bitacora.Benchmarks.Cards;

// `-- cards [--baseline older/Bitacora.Cards.dll]`: our card engine against the official JS engine side by side (and
// against an older build of ours, in the same process); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "cards")
{
    var at = Array.IndexOf(args, "--baseline");
    var baseline = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    return CardsComparison.Run(baseline);
}
BenchmarkSwitcher.FromAssembly(typeof(CardTemplateBenchmarks).Assembly).Run(args);
return 0;
