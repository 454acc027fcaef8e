using System.CommandLine;

namespace Bitacora.Cli.Tests.Cli;

/// <summary>Runs `bitacora` in-process with captured output (no progress bars: the console is not interactive).</summary>
internal static class CliRun
{
    public sealed record Result(int Code, string Out, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.CreateDefault().RunAsync(args, new CliConsole(TextReader.Null, output, error), CancellationToken.None);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Every verb (leaf) of the real command tree with its words, e.g. ["export", "commitments"].</summary>
    public static IEnumerable<(string[] Path, Command Command)> Verbs()
    {
        var root = CliApp.CreateDefault().BuildRoot(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null));
        return Walk(root, []);

        static IEnumerable<(string[], Command)> Walk(Command command, string[] path)
        {
            foreach (var sub in command.Subcommands)
            {
                string[] subPath = [.. path, sub.Name];
                if (sub.Subcommands.Count == 0)
                {
                    yield return (subPath, sub);
                }
                foreach (var leaf in Walk(sub, subPath))
                {
                    yield return leaf;
                }
            }
        }
    }

    public static string Sample(string file) => Path.Combine(AppContext.BaseDirectory, "Content", "Samples", file);
}
