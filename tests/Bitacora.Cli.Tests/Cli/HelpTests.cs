using System.CommandLine;

namespace Bitacora.Cli.Tests.Cli;

/// <summary>`--help` on every verb of the real command tree (not a hand list), in Spanish; `--version`.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> VerbPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in CliRun.Verbs())
        {
            data.Add(string.Join(' ', path));
        }
        return data;
    }

    [Fact]
    public void The_tree_has_every_known_group_and_at_least_the_historic_verbs()
    {
        var verbs = CliRun.Verbs().Select(v => string.Join(' ', v.Path)).ToList();

        Assert.Superset(new HashSet<string>
        {
            "territories import", "units import", "people import", "export commitments", "export answers", "export participation",
            "export rubric", "export bitacora", "export sesion", "reminders run", "guides validate", "cards render", "package build", "package validate",
        }, verbs.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(VerbPaths))]
    public async Task Every_verb_answers_help_in_spanish_with_every_option_described(string verb)
    {
        var command = CliRun.Verbs().Single(v => string.Join(' ', v.Path) == verb).Command;

        var run = await CliRun.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal((0, ""), (run.Code, run.Error));
        Assert.Contains("Uso:", run.Out);
        Assert.Contains($"bitacora {verb}", run.Out);
        Assert.Contains(command.Description!, run.Out);
        Assert.DoesNotContain("Usage:", run.Out);
        Assert.DoesNotContain("Options:", run.Out);
        Assert.All(command.Options.Where(o => o is not System.CommandLine.Help.HelpOption), o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{verb} {o.Name} has no description");
            Assert.Contains(o.Name, run.Out);
        });
        Assert.All(command.Arguments, a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{verb} <{a.Name}> has no description"));
    }

    [Fact]
    public async Task Root_help_lists_the_groups_and_documents_the_exit_codes()
    {
        var bare = await CliRun.RunAsync();
        var help = await CliRun.RunAsync("--help");

        Assert.Equal(0, bare.Code);
        Assert.Equal(bare.Out, help.Out);
        Assert.Contains("Comandos:", help.Out);
        Assert.Contains("export", help.Out);
        Assert.Contains("3 almacenamiento inalcanzable", help.Out);
        Assert.Contains("BITACORA_STORAGE", help.Out);
    }

    [Fact]
    public async Task Version_prints_the_assembly_version()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(0, run.Code);
        Assert.StartsWith(typeof(CliApp).Assembly.GetName().Version!.ToString(3), run.Out.Trim());
    }
}
