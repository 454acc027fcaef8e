using Bitacora.Bot.Guides;

namespace Bitacora.Cli.Commands.Guides;

/// <summary>
/// `bitacora guides validate [files...]`: the same checks the bot runs at start-up, for guide authors.
/// Without arguments it checks the guides shipped next to the binaries (Content/Guides).
/// </summary>
public sealed class GuidesValidateCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["guides", "validate"];

    public string Summary => "Validate guide files (default: the shipped guides); exit 1 on any problem";

    /// <summary>Where the shipped guides are when no file is given; tests point it elsewhere.</summary>
    public string DefaultFolder { get; init; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Content", "Guides");

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = args.Where(a => a.StartsWith('-')).ToList();
        if (options.Count > 0)
        {
            throw new CliUsageException($"unknown option '{options[0]}'. Usage: bitacora guides validate [file.json ...]");
        }

        var result = args.Count == 0
            ? GuideLoader.LoadFolder(DefaultFolder)
            : GuideLoader.LoadFiles(args.Select(a => System.IO.Path.GetFullPath(a)));

        foreach (var file in result.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Guide is { } guide && file.Problems.Count == 0)
            {
                await console.Out.WriteLineAsync(
                    $"OK    {System.IO.Path.GetFileName(file.Path)}: {guide.Id} v{guide.Version}, " +
                    $"{guide.Sections.Length} sections, {guide.QuestionCount} questions" +
                    (guide.Rubric is { } r ? $", rubric {r.Criteria.Length}×{r.Levels.Length}" : ""));
            }
            else
            {
                foreach (var problem in file.Problems)
                {
                    await console.Error.WriteLineAsync($"ERROR {problem}");
                }
            }
        }

        var problems = result.Problems.Count;
        if (problems > 0)
        {
            await console.Error.WriteLineAsync($"{problems} problem(s) in {result.Files.Count(f => f.Problems.Count > 0)} of {result.Files.Count} file(s).");
            return 1;
        }
        return 0;
    }
}
