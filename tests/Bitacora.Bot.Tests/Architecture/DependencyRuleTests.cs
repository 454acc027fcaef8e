using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Architecture;

/// <summary>
/// The dependency rule (docs/ARCHITECTURE-RULES.md): feature folders of the bot depend on each other without cycles,
/// and so do the projects. A folder's dependencies are the <c>Bitacora.Bot.X</c> namespaces its source files name
/// (usings, qualified names); the composition root (Program.cs and the root namespace) may name every folder.
/// </summary>
public sealed partial class DependencyRuleTests
{
    /// <summary>
    /// Cycles not yet untangled, each named so that a new one fails and a mended one must be struck off here.
    /// (None left: Commitments ↔ Reminders went when the planner became <c>IReminderPlanner</c>, owned by Commitments.)
    /// </summary>
    private static readonly string[][] KnownCycles = [];

    [Fact]
    public void Feature_folders_of_the_bot_have_no_cycles()
    {
        var graph = FeatureGraph(RepoPaths.Combine("src", "Bitacora.Bot"));

        Assert.True(graph.Count > 10, "the scan found the feature folders");
        var all = Cycles(graph.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value.Keys.ToList()));
        var known = KnownCycles.Select(k => string.Join(" ", k.Order(StringComparer.Ordinal))).ToHashSet(StringComparer.Ordinal);
        var found = all.Select(c => string.Join(" ", c.Order(StringComparer.Ordinal))).ToHashSet(StringComparer.Ordinal);
        Assert.True(known.IsSubsetOf(found), "A known cycle is gone: strike it off KnownCycles. Still known: " + string.Join("; ", known.Except(found)));
        var cycles = all.Where(c => !known.Contains(string.Join(" ", c.Order(StringComparer.Ordinal)))).ToList();
        Assert.True(cycles.Count == 0, "Cycles between feature folders:\n" + string.Join("\n", cycles.Select(c =>
            string.Join(" ", c) + "\n" + string.Join("\n", c.SelectMany(from => c.Where(to => graph[from].ContainsKey(to))
                .Select(to => $"    {from} -> {to}: {string.Join(", ", graph[from][to].Take(3))}"))))));
    }

    [Fact]
    public void Projects_have_no_cycles_and_libraries_do_not_reference_hosts()
    {
        var projects = Directory.EnumerateFiles(RepoPaths.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), References);

        Assert.True(projects.Count >= 4, "the scan found the projects");
        Assert.Empty(Cycles(projects));
        foreach (var library in new[] { "Bitacora.Cards", "Bitacora.BotFramework" })
        {
            Assert.DoesNotContain("Bitacora.Bot", projects[library]);
            Assert.DoesNotContain("Bitacora.Cli", projects[library]);
        }
    }

    [Fact]
    public void The_scan_sees_a_cycle_when_there_is_one()
    {
        var graph = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };

        var cycle = Assert.Single(Cycles(graph));
        Assert.Equal(["A", "B", "C"], cycle.Order(StringComparer.Ordinal));
    }

    private static IReadOnlyCollection<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

    /// <summary>Folder → (folder it names → files that name it).</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> FeatureGraph(string root)
    {
        var folders = Directory.EnumerateDirectories(root).Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties") && !name!.StartsWith('.'))
            .Select(name => name!).ToHashSet(StringComparer.Ordinal);
        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }
                var named = NamespaceReference().Matches(StripComments(File.ReadAllText(file)))
                    .Select(m => m.Groups[1].Value).Where(n => n != folder && folders.Contains(n)).Distinct();
                foreach (var other in named)
                {
                    if (!graph[folder].TryGetValue(other, out var files)) graph[folder][other] = files = [];
                    files.Add(relative);
                }
            }
        }
        return graph;
    }

    private static string StripComments(string source) => Comment().Replace(source, "");

    /// <summary>Strongly connected components with more than one member (Tarjan).</summary>
    private static List<List<string>> Cycles(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var edges) ? edges : [])
            {
                if (!graph.ContainsKey(w)) continue;
                if (!index.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            } while (popped != v);
            if (component.Count > 1) result.Add(component);
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v)) Visit(v);
        }
        return result;
    }

    [GeneratedRegex(@"\bBitacora\.Bot\.([A-Za-z]+)\b")]
    private static partial Regex NamespaceReference();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
