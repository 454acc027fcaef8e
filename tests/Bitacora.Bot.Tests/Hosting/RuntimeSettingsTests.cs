using System.Text.Json.Nodes;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>
/// Issue 16, memory: the bot's runtimeconfig really turns server GC off (the csproj once misspelled the property and
/// the Web SDK's default, server GC, silently stayed on), and gen0's budget is capped at the runtime's 6 MiB.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_built_bot_runs_with_workstation_non_concurrent_gc_a_capped_gen0_budget_and_tiered_pgo()
    {
        var path = Path.ChangeExtension(BotProcess.EntryAssembly(), ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]?.GetValue<bool>() ?? false, $"{path}: System.GC.Server");
        Assert.False(properties["System.GC.Concurrent"]!.GetValue<bool>());
        Assert.False(properties["System.Runtime.TieredPGO"]!.GetValue<bool>()); // the csproj says why
        // gen0 budget capped (the csproj says why): without it, a large L3 cache lets start-up garbage stay resident.
        Assert.Equal(6 * 1024 * 1024, properties["System.GC.Gen0MaxBudget"]!.GetValue<int>());
        // Idle thread-pool workers sleep instead of spinning (the csproj says why).
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
    }
}
