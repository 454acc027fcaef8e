using System.Text.Json.Nodes;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>
/// Issue 16, memory: the bot's runtimeconfig really turns server GC off (the csproj once misspelled the property and
/// the Web SDK's default, server GC, silently stayed on).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_built_bot_runs_with_workstation_non_concurrent_gc_and_tiered_pgo()
    {
        var path = Path.ChangeExtension(BotProcess.EntryAssembly(), ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]?.GetValue<bool>() ?? false, $"{path}: System.GC.Server");
        Assert.False(properties["System.GC.Concurrent"]!.GetValue<bool>());
        Assert.True(properties["System.Runtime.TieredPGO"]!.GetValue<bool>());
    }
}
