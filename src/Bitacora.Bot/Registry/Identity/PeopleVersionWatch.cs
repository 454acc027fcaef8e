using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// This instance's view of the registry's people version (<see cref="RegistryVersion.People"/>), so cached identities
/// can live for a meeting and still follow registry changes made anywhere (another instance, the importer, the CLI).
/// A turn never waits for it except the instance's very first one: when the last read is older than
/// <see cref="RegistryOptions.RegistryVersionCheckSeconds"/>, the turn gets the version it has and ONE read starts in
/// the background (after-answer work); a change is therefore seen at most that long plus one turn later. A failed
/// read keeps the last version and is retried by a later turn.
/// </summary>
public sealed class PeopleVersionWatch(
    TableClientProvider tables,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<PeopleVersionWatch> logger)
{
    private readonly RegistryVersion _version = new(tables, RegistryVersion.People);
    private Task? _firstRead;
    private volatile string? _current;
    private long _readAt = long.MinValue;
    private int _refreshing;
    private Task _refresh = Task.CompletedTask;

    /// <summary>The version as this instance last read it (reads it the first time).</summary>
    public async ValueTask<string> CurrentAsync(CancellationToken ct)
    {
        if (_current is not { } known)
        {
            // One read however many turns arrive first; a failed one is tried again by the next turn.
            var first = Volatile.Read(ref _firstRead);
            if (first is null || first.IsFaulted || first.IsCanceled)
            {
                var mine = ReadAsync(CancellationToken.None);
                first = Interlocked.CompareExchange(ref _firstRead, mine, first) == first ? mine : Volatile.Read(ref _firstRead)!;
            }
            await first.WaitAsync(ct).ConfigureAwait(false);
            return _current!;
        }
        var age = time.GetUtcNow().UtcTicks - Interlocked.Read(ref _readAt);
        if (age >= TimeSpan.FromSeconds(options.Value.RegistryVersionCheckSeconds).Ticks && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _refresh = Task.Run(RefreshAsync, CancellationToken.None);
        }
        return known;
    }

    /// <summary>Completes when the background read started by the last turn is over (tests).</summary>
    public Task WhenRefreshedAsync() => _refresh;

    private async Task RefreshAsync()
    {
        AfterAnswerWork.Enter();
        try
        {
            await ReadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning(e, "Could not read the registry's people version; cached identities stay as they are until a later turn reads it");
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var at = time.GetUtcNow().UtcTicks;
        var read = await _version.ReadAsync(ct).ConfigureAwait(false);
        _current = read;
        Interlocked.Exchange(ref _readAt, at);
    }
}
