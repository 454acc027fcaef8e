namespace Bitacora.E2E.Tests.Bot;

/// <summary>Switches for the end-to-end tests of the real bot.</summary>
public static class BotE2E
{
    /// <summary>
    /// Skip reason of the real-bot end-to-end tests while the bot does not yet speak the protocol
    /// (no /api/messages, no welcome/help cards). The lead sets this to null once it does; nothing else changes.
    /// </summary>
    public const string? PendingReason = null;

    public const string Category = "E2E-Bot";
}
