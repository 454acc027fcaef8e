using Bitacora.Bot.Sessions.Flow;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions;

/// <summary>The session texts as shipped (source folder), to read domain messages the way the card shows them.</summary>
internal static class ShippedSessionTexts
{
    private static readonly Lazy<SessionTexts> TextsLazy =
        new(() => SessionTexts.Load(RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Texts")));

    public static SessionTexts Texts => TextsLazy.Value;
}
