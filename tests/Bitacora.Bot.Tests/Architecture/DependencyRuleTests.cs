using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Architecture;

/// <summary>
/// The dependency rule (docs/ARCHITECTURE-RULES.md): feature folders of the bot depend on each other without cycles,
/// and so do the projects. A folder's dependencies are the <c>Bitacora.Bot.X</c> namespaces its source files name
/// (usings, qualified names); the composition root (Program.cs and the root namespace) may name every folder.
/// A feature folder may span two projects (domain + storage in src/Bitacora.Core, commands and cards in the host
/// src/Bitacora.Bot, same namespace): the folder rule runs over both trees as one graph.
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
        var graph = FeatureGraph(RepoPaths.Combine("src", "Bitacora.Bot"), RepoPaths.Combine("src", "Bitacora.Core"));

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
    public void Core_references_neither_the_host_nor_the_bot_framework_nor_asp_net_core()
    {
        var csproj = RepoPaths.Combine("src", "Bitacora.Core", "Bitacora.Core.csproj");
        var project = XDocument.Load(csproj);

        Assert.Equal("Microsoft.NET.Sdk", project.Root!.Attribute("Sdk")?.Value);
        var references = References(csproj);
        foreach (var forbidden in new[] { "Bitacora.Bot", "Bitacora.BotFramework", "Bitacora.Cli" })
        {
            Assert.DoesNotContain(forbidden, references);
        }
        var packages = project.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(packages, p => p.StartsWith("Hangfire", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(project.Descendants("FrameworkReference"));
        Assert.True(packages.Count > 3, "the scan read Core's package references");
    }

    [Fact]
    public void Core_sources_name_no_asp_net_core_nor_bot_framework_type()
    {
        var root = RepoPaths.Combine("src", "Bitacora.Core");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => HostOnly().IsMatch(StripComments(File.ReadAllText(f))))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.True(Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Count() > 50, "the scan found Core's sources");
        Assert.Empty(offenders);
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
    private static Dictionary<string, Dictionary<string, List<string>>> FeatureGraph(params string[] roots)
    {
        var folders = roots.SelectMany(Directory.EnumerateDirectories).Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties") && !name!.StartsWith('.'))
            .Select(name => name!).ToHashSet(StringComparer.Ordinal);
        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal));
        foreach (var (root, folder) in roots.SelectMany(r => folders.Select(f => (r, f))).Where(p => Directory.Exists(Path.Combine(p.r, p.f))))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Path.GetDirectoryName(root)!, file).Replace('\\', '/');
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

    /// <summary>What only the host may name: ASP.NET Core, the Bot Framework library, turns, commands and card actions.</summary>
    [GeneratedRegex(@"\b(Microsoft\.AspNetCore|Bitacora\.BotFramework|Hangfire|ITurnContext|IBotCommand|ICardAction|CardCatalog|HttpContext)\b")]
    private static partial Regex HostOnly();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
