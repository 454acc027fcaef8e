using System.CommandLine;
using Bitacora.Bot.Guides;

namespace Bitacora.Cli.Commands.Guides;

/// <summary>
/// `bitacora guides validate [files...]`: the same checks the bot runs at start-up, for guide authors.
/// Without arguments it checks the guides shipped next to the binaries (Content/Guides).
/// </summary>
public sealed class GuidesValidateCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["guides", "validate"];

    /// <summary>Where the shipped guides are when no file is given; tests point it elsewhere.</summary>
    public string DefaultFolder { get; init; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Content", "Guides");

    public Command Build(CliConsole console)
    {
        var files = new Argument<string[]>("archivos") { Description = CliTexts.Default["option.guides.files"], Arity = ArgumentArity.ZeroOrMore };
        files.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } option)
            {
                result.AddError(CliTexts.Default.Format("error.unknownOption", option.Value));
            }
        });
        var command = new Command("validate", CliTexts.Default["verb.guides.validate"]) { files };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(files) ?? [], console, ct));
        return command;
    }

    private async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var texts = CliTexts.Default;
        var result = args.Count == 0
            ? GuideLoader.LoadFolder(DefaultFolder)
            : GuideLoader.LoadFiles(args.Select(a => System.IO.Path.GetFullPath(a)));

        foreach (var file in result.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Guide is { } guide && file.Problems.Count == 0)
            {
                await console.Out.WriteLineAsync(texts.Format("guides.ok", System.IO.Path.GetFileName(file.Path), guide.Id, guide.Version,
                    guide.Sections.Length, guide.QuestionCount,
                    guide.Rubric is { } r ? texts.Format("guides.rubric", r.Criteria.Length, r.Levels.Length) : ""));
            }
            else
            {
                foreach (var problem in file.Problems)
                {
                    await console.Error.WriteLineAsync(texts.Format("guides.error", problem));
                }
            }
        }

        var problems = result.Problems.Count;
        if (problems > 0)
        {
            await console.Error.WriteLineAsync(texts.Format("guides.summary", problems, result.Files.Count(f => f.Problems.Count > 0), result.Files.Count));
            return ExitCodes.Data;
        }
        return 0;
    }
}
