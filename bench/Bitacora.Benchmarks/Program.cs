using BenchmarkDotNet.Running;
using Bitacora.Benchmarks.Cards;

// `-- cards`: our card engine against the official JS engine side by side; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "cards")
{
    return CardsComparison.Run();
}
BenchmarkSwitcher.FromAssembly(typeof(CardTemplateBenchmarks).Assembly).Run(args);
return 0;
