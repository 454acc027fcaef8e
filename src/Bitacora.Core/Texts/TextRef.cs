namespace Bitacora.Bot.Texts;

/// <summary>
/// A user-facing message named by its key in a texts file plus its arguments, so domain types can say why without
/// holding Spanish strings; the Teams layer formats it with the feature's texts (arguments that are themselves
/// <see cref="TextRef"/>s are formatted first).
/// </summary>
public sealed record TextRef(string Key, params object?[] Args);
