namespace Bitacora.Bot.Sessions;

/// <summary>Bound from the "Sessions" configuration section.</summary>
public sealed record SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>
    /// How many times a write retries after losing an optimistic-concurrency race. With N people on one question each
    /// loses at most N-1 times, so the default covers a full meeting room with margin.
    /// </summary>
    public int MaxWriteAttempts { get; init; } = 200;
}
