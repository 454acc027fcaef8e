using NodaTime;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// The force-majeure process: a request (Pendiente) → the adviser or coordinator asks for more (MasInformacion, the
/// requester answers → Pendiente again), rejects (Rechazada) or approves (Aprobada). Only the approval touches the
/// commitments (<see cref="ForceMajeureApplier"/>). Every change is guarded by the request's version and ETag.
/// </summary>
public sealed class ForceMajeureService(ForceMajeureRequestStore requests, ForceMajeureApplier applier, TimeProvider time)
{
    /// <summary>At most this many commitments per request (one transaction of the unit's partition on approval).</summary>
    public const int MaxItems = 15;

    /// <summary>At most this many steps (questions and answers) per request, so its row stays small.</summary>
    public const int MaxSteps = 24;

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public ForceMajeureRequestStore Store => requests;

    public Task<ForceMajeureRequest?> GetAsync(string id, CancellationToken ct) => requests.GetAsync(id, ct);

    public async Task<ForceMajeureRequest> SubmitAsync(ForceMajeureSubmission s, PersonRef by, CancellationToken ct)
    {
        if (s.Items.Count is 0 or > MaxItems)
        {
            throw new ArgumentException($"Between 1 and {MaxItems} commitments per request.", nameof(s));
        }
        var now = Now;
        var request = new ForceMajeureRequest
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N"),
            Unit = s.Unit,
            Kind = s.Kind,
            StartDate = s.StartDate,
            EndDate = s.EndDate,
            Description = s.Description,
            DocumentationText = s.DocumentationText,
            DocumentationLink = s.DocumentationLink,
            Items = s.Items,
            RequestedBy = by,
            RequestedAt = now,
            ReplyTo = s.ReplyTo,
            Steps = [new ForceMajeureStep(now, by, Steps.Requested, null)],
        };
        return await requests.AddAsync(request, ct);
    }

    /// <summary>«Pedir más información»: the question goes to the requester; the request waits for the answer.</summary>
    public Task<ForceMajeureResult> AskMoreAsync(string id, int version, string question, PersonRef by, CancellationToken ct) =>
        ChangeAsync(id, version, r => r.Status != ForceMajeureRequestStatus.Pendiente
            ? Refuse(r)
            : r with { Status = ForceMajeureRequestStatus.MasInformacion, Steps = [.. r.Steps, new(Now, by, Steps.AskedMore, question)] }, ct);

    /// <summary>The requester's answer (and, optionally, more documentation): the request goes back to the reviewers.</summary>
    public Task<ForceMajeureResult> AnswerAsync(string id, int version, string answer, string? link, PersonRef by, CancellationToken ct) =>
        ChangeAsync(id, version, r => r.Status != ForceMajeureRequestStatus.MasInformacion
            ? Refuse(r)
            : r with
            {
                Status = ForceMajeureRequestStatus.Pendiente,
                DocumentationLink = link ?? r.DocumentationLink,
                Steps = [.. r.Steps, new(Now, by, Steps.Answered, link is null ? answer : $"{answer} · {link}")],
            }, ct);

    public Task<ForceMajeureResult> RejectAsync(string id, int version, string reason, PersonRef by, CancellationToken ct) =>
        ChangeAsync(id, version, r => r.IsDecided
            ? Refuse(r)
            : r.RequestedBy.IsOneOf(by.Keys)
                ? new ForceMajeureResult.Refused(r, ForceMajeureTextKeys.RefuseSelf)
                : r with { Status = ForceMajeureRequestStatus.Rechazada, Steps = [.. r.Steps, new(Now, by, Steps.Rejected, reason)] }, ct);

    /// <summary>
    /// Approves with the decisions <paramref name="decided"/> (the reviewer may change the proposed ones) and applies
    /// them to the commitments, the request and the event in one transaction.
    /// </summary>
    public async Task<ForceMajeureResult> ApproveAsync(string id, int version, IReadOnlyList<ForceMajeureItem> decided, string? note,
        PersonRef by, CancellationToken ct)
    {
        if (await requests.GetAsync(id, ct) is not { } request)
        {
            return new ForceMajeureResult.NotFound();
        }
        if (request.Version != version)
        {
            return new ForceMajeureResult.StaleRequest(request);
        }
        if (request.Status != ForceMajeureRequestStatus.Pendiente)
        {
            return Refuse(request);
        }
        if (request.RequestedBy.IsOneOf(by.Keys))
        {
            return new ForceMajeureResult.Refused(request, ForceMajeureTextKeys.RefuseSelf);
        }
        return await applier.ApproveAsync(request, decided, note, by, Now, ct);
    }

    private static ForceMajeureResult.Refused Refuse(ForceMajeureRequest r) => new(r, r.Status switch
    {
        ForceMajeureRequestStatus.Aprobada => ForceMajeureTextKeys.RefuseApproved,
        ForceMajeureRequestStatus.Rechazada => ForceMajeureTextKeys.RefuseRejected,
        ForceMajeureRequestStatus.MasInformacion => ForceMajeureTextKeys.RefuseWaiting,
        _ => ForceMajeureTextKeys.RefusePending,
    });

    private async Task<ForceMajeureResult> ChangeAsync(string id, int version, Func<ForceMajeureRequest, object> decide,
        CancellationToken ct)
    {
        if (await requests.GetAsync(id, ct) is not { } current)
        {
            return new ForceMajeureResult.NotFound();
        }
        if (current.Version != version)
        {
            return new ForceMajeureResult.StaleRequest(current);
        }
        switch (decide(current))
        {
            case ForceMajeureResult result:
                return result;
            case ForceMajeureRequest next when next.Steps.Count > MaxSteps:
                return new ForceMajeureResult.Refused(current, ForceMajeureTextKeys.RefuseTooManySteps);
            case ForceMajeureRequest next:
                next = next with { Version = current.Version + 1 };
                if (!await requests.ReplaceAsync(next, ct))
                {
                    return new ForceMajeureResult.StaleRequest(await requests.GetAsync(current.Unit, id, ct) ?? current);
                }
                return new ForceMajeureResult.Done((await requests.GetAsync(current.Unit, id, ct))!);
            default:
                throw new InvalidOperationException("decide returned neither a request nor a result");
        }
    }

    /// <summary>The step names kept in the request (invariant; the cards translate them).</summary>
    public static class Steps
    {
        public const string Requested = "solicitada";
        public const string AskedMore = "masInformacion";
        public const string Answered = "respondida";
        public const string Approved = "aprobada";
        public const string Rejected = "rechazada";
        public const string CommitmentsChanged = "compromisosActualizados";
    }
}
