using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.ForceMajeure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>Arranges an approved force-majeure request through the real process (submit by a director, approve by an adviser).</summary>
internal static class ForceMajeureTestData
{
    public static readonly PersonRef Director = new("p-directora", "Directora de la unidad");

    public static async Task<ForceMajeureRequest> ApproveAsync(IServiceProvider services, string unit, ForceMajeureKind kind, string description,
        LocalDate start, LocalDate newDate, IEnumerable<Commitment> commitments, PersonRef approver)
    {
        var fm = services.GetRequiredService<ForceMajeureService>();
        var items = commitments.Select(c => new ForceMajeureItem(c.Id, c.What, c.Version, ForceMajeureDecision.Reprogramar, newDate)).ToList();
        var request = await fm.SubmitAsync(new ForceMajeureSubmission(unit, kind, start, null, description, null, null, items, null), Director, default);
        var result = await fm.ApproveAsync(request.Id, request.Version, items, null, approver, default);
        return Assert.IsType<ForceMajeureResult.Done>(result).Request;
    }
}
