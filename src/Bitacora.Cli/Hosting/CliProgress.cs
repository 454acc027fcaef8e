using Spectre.Console;

namespace Bitacora.Cli.Hosting;

/// <summary>What a long verb reports while it works.</summary>
public interface IProgressReport
{
    /// <summary>Moves the bar: <paramref name="done"/> of <paramref name="total"/> (null = unknown, a spinner).</summary>
    void Report(string description, double done, double? total);
}

/// <summary>
/// A progress bar on stderr (Spectre.Console) for imports, exports and sweeps, so stdout stays clean for the result;
/// off when the output is redirected (scripts, CI, tests), where nothing extra is written.
/// </summary>
public static class CliProgress
{
    public static async Task<T> RunAsync<T>(CliConsole console, string description, Func<IProgressReport, Task<T>> work)
    {
        if (!console.Interactive)
        {
            return await work(Silent.Instance);
        }
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1);
                task.IsIndeterminate = true;
                var result = await work(new Bar(task));
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class Silent : IProgressReport
    {
        public static readonly Silent Instance = new();

        public void Report(string description, double done, double? total)
        {
        }
    }

    private sealed class Bar(ProgressTask task) : IProgressReport
    {
        public void Report(string description, double done, double? total)
        {
            lock (task)
            {
                task.Description = Markup.Escape(description);
                task.IsIndeterminate = total is null;
                task.MaxValue = Math.Max(total ?? 1, 1);
                task.Value = total is null ? 0 : done;
            }
        }
    }
}
