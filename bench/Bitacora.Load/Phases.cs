using System.Diagnostics;
using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;

namespace Bitacora.Load;

/// <summary>Sequential point reads of one small entity straight to Azurite: the floor any storage-bound turn stands on.</summary>
internal sealed class BareRoundTrip(TableClientProvider tables)
{
    private TableClient _table = null!;

    public async Task PrepareAsync()
    {
        _table = await tables.GetAsync("LoadBare");
        await _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = "x" });
    }

    /// <summary>Reads one after the other; with <paramref name="every"/>, at most one read per interval (so that measuring
    /// a lightly loaded Azurite does not load it: back to back, an idle one answers ≈ 1 000 reads a second).</summary>
    public async Task MeasureAsync(Latencies into, int count, CancellationToken ct, TimeSpan? every = null)
    {
        for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
        {
            if (every is { } interval && i > 0)
            {
                try
                {
                    await Task.Delay(interval, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
            var began = Stopwatch.GetTimestamp();
            try
            {
                await _table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            into.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        }
    }
}

/// <summary>Storage requests and CPU of the bot, Azurite and this tool over the steady phase.</summary>
internal sealed class PhaseSample
{
    private long _requests;
    private TimeSpan _botCpu, _azuriteCpu, _toolCpu;
    private long _started;
    private int _turns;

    public static PhaseSample Take(LoadWorld world, LoadReport report) => new()
    {
        _requests = world.Proxy.Count,
        _botCpu = ProcessCpu.Of(world.Bot.ProcessId),
        _azuriteCpu = ProcessCpu.Of(world.AzuritePid),
        _toolCpu = ProcessCpu.Of(Environment.ProcessId),
        _started = Stopwatch.GetTimestamp(),
        _turns = report.Steady.Count,
    };

    public void End(LoadWorld world, LoadReport report)
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        report.SteadySeconds = seconds;
        var turns = report.Steady.Count - _turns;
        report.TurnsPerSecond = turns / seconds;
        report.RequestsPerTurnUnderLoad = turns == 0 ? 0 : (world.Proxy.Count - _requests) / (double)turns;
        report.BotCpu = (ProcessCpu.Of(world.Bot.ProcessId) - _botCpu).TotalSeconds / seconds;
        report.AzuriteCpu = (ProcessCpu.Of(world.AzuritePid) - _azuriteCpu).TotalSeconds / seconds;
        report.ToolCpu = (ProcessCpu.Of(Environment.ProcessId) - _toolCpu).TotalSeconds / seconds;
        report.BotRssMiB = ProcessCpu.RssMiB(world.Bot.ProcessId);
    }
}

/// <summary>What one quiet turn cost in storage requests: those the answer waited for, and those the bot tagged as
/// made after it (<c>x-bitacora-after-answer</c>: the duplicate guard's «done», the cards everyone else sees).</summary>
internal sealed record TurnCost(long Before, long After, IReadOnlyList<string> Trace);

/// <summary>One turn at a time with nothing else running (the previous turn's work over: no request for 250 ms): a new
/// meeting started («iniciar sesión», «Crear»), first answers of advisers the bot has never seen (first contact, as in
/// the burst), then steady-state answers. Requests are told apart by the bot's own tag, not by timing.</summary>
internal sealed class RequestSample(CountingProxy proxy, bool trace)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(Meeting fresh, int firstContacts, int turns, LoadReport report)
    {
        var latencies = new Latencies();
        TurnCost? typed = null;
        // «iniciar sesión» up to its start card, then «Crear» (the measure restarts in between).
        report.Create = await MeasureAsync(async () =>
        {
            if (!await fresh.StartAsync(CancellationToken.None, async () => typed = await Between())) report.FailedStarts++;
        });
        report.StartCommand = typed;
        for (var a = 1; a <= firstContacts; a++)
        {
            var adviser = a;
            report.FirstContact.Add(await MeasureAsync(async () =>
            {
                if (await fresh.AnswerAsync(adviser, 0, latencies, CancellationToken.None) == AnswerOutcome.Refused) report.Refused++;
            }));
        }
        for (var i = 0; i < turns; i++)
        {
            var round = 1 + i;
            report.SteadySample.Add(await MeasureAsync(async () =>
            {
                if (await fresh.AnswerAsync(1, round, latencies, CancellationToken.None) == AnswerOutcome.Refused) report.Refused++;
            }));
        }
    }

    private long _total, _after;
    private System.Collections.Concurrent.ConcurrentQueue<string> _trace = new();

    private async Task<TurnCost> MeasureAsync(Func<Task> turn)
    {
        await QuietAsync();
        _total = proxy.Count;
        _after = proxy.AfterAnswer;
        _trace = new();
        if (trace) proxy.Trace = _trace;
        await turn();
        return await Between();
    }

    /// <summary>After the quiet that ends a turn: its cost, and the start of the next measure.</summary>
    private async Task<TurnCost> Between()
    {
        await QuietAsync();
        var total = proxy.Count - _total;
        var after = proxy.AfterAnswer - _after;
        var cost = new TurnCost(total - after, after, _trace.ToArray());
        _total = proxy.Count;
        _after = proxy.AfterAnswer;
        _trace.Clear();
        return cost;
    }

    /// <summary>Until no storage request came for <see cref="Quiet"/> (at most 5 s): the previous turn's work is over.</summary>
    private Task QuietAsync() => proxy.WaitQuietAsync(Quiet, TimeSpan.FromSeconds(5));
}

/// <summary>Reads every session's answers back from storage: each confirmed value once (current row or history). The
/// first lost ones are printed with the stored rows of their question, to tell a bench miscount from a real loss. Raw
/// rows, not the repository's reads: a current row's Value and Note, and a history row's "R{revision}_Value" and
/// "R{revision}_Note" (eight revisions a row, <c>HistoryRows</c>; a row of the first layout has Value and Note).</summary>
internal sealed class Verification(TableClientProvider tables)
{
    public async Task CheckAsync(IReadOnlyList<Meeting> meetings, LoadReport report)
    {
        var table = await tables.GetAsync(AnswerRepository.TableName);
        foreach (var meeting in meetings)
        {
            var texts = new List<string>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(meeting.SessionId!)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter))
            {
                texts.AddRange(Stored(row).Select(p => p.Text));
            }
            foreach (var token in meeting.Saved)
            {
                var found = texts.Count(t => t.Contains(token, StringComparison.Ordinal));
                report.Confirmed++;
                if (found == 0)
                {
                    report.Lost++;
                    if (report.Lost <= 5)
                    {
                        var q = meeting.Trace.GetValueOrDefault(token);
                        Console.WriteLine($"LOST {token} in {meeting.SessionId}: {q}");
                        var qid = q is null ? "" : q.Split(' ')[0][2..];
                        await foreach (var row in table.QueryAsync<TableEntity>(filter))
                        {
                            if (!row.RowKey.Contains(qid, StringComparison.Ordinal)) continue;
                            Console.WriteLine($"   {row.RowKey} rev={row.GetInt32("Revision")} by={row.GetString("RespondentId")} "
                                + string.Join(" ", Stored(row).Select(p => $"{p.Name}={p.Text}")));
                        }
                    }
                }
                if (found > 1) report.Duplicated++;
            }
        }
    }

    /// <summary>The values and notes a row stores, by property name.</summary>
    private static IEnumerable<(string Name, string Text)> Stored(TableEntity row) =>
        row.Where(p => p.Value is string && (p.Key is "Value" or "Note"
                || p.Key.StartsWith('R') && (p.Key.EndsWith("_Value", StringComparison.Ordinal) || p.Key.EndsWith("_Note", StringComparison.Ordinal))))
            .Select(p => (p.Key, (string)p.Value));
}
