using Azure.Core;
using Azure.Core.Pipeline;

namespace Bitacora.Bot.Storage;

/// <summary>
/// Storage work done AFTER a turn answered (the duplicate guard's «done», the cards everyone else sees): the code that
/// runs it calls <see cref="Enter"/> in its own async flow, and every Table Storage request made from that flow carries
/// the header <see cref="Header"/>. The header is not signed (Shared Key signs x-ms-* headers only) and the service
/// ignores it; it lets a counting proxy (bench/Bitacora.Load) and tests tell the answer's requests from the ones after
/// it exactly, instead of guessing by time (work after the answer starts before the response has left the process).
/// </summary>
public static class AfterAnswerWork
{
    public const string Header = "x-bitacora-after-answer";

    private static readonly AsyncLocal<bool> Flag = new();

    /// <summary>True inside after-answer work.</summary>
    public static bool Active => Flag.Value;

    /// <summary>Marks the current async flow (and what it starts) as after-answer work.</summary>
    public static void Enter() => Flag.Value = true;
}

/// <summary>Adds <see cref="AfterAnswerWork.Header"/> to the requests of after-answer work (see <see cref="AfterAnswerWork"/>).</summary>
public sealed class AfterAnswerTagPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (AfterAnswerWork.Active) message.Request.Headers.SetValue(AfterAnswerWork.Header, "1");
    }
}
