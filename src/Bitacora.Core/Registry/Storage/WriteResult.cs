namespace Bitacora.Bot.Registry.Storage;

public enum WriteOutcome
{
    Created,
    Updated,

    /// <summary>The stored value already equals the new one; nothing was written.</summary>
    Unchanged,

    /// <summary>Someone else changed (or created) the entry since it was read; nothing was written. Reload and retry.</summary>
    Conflict,

    /// <summary>An update of an entry that no longer exists.</summary>
    NotFound,
}

/// <summary>The result of a registry write; <see cref="Value"/> carries the stored value with its new ETag.</summary>
public sealed record WriteResult<T>(WriteOutcome Outcome, T? Value) where T : class
{
    public bool Succeeded => Outcome is WriteOutcome.Created or WriteOutcome.Updated or WriteOutcome.Unchanged;
}
