using Bitacora.Bot.Attendance;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Coordination;

/// <summary>A unit and its commitments (all of them; callers filter by status and period).</summary>
public sealed record UnitCommitments(Unit Unit, IReadOnlyList<Commitment> Commitments);

/// <summary>A session of the period with who took part and how many questions were answered.</summary>
public sealed record SessionFacts(Territory Territory, Session Session, IReadOnlyList<Participant> Participants, int AnswerCount)
{
    /// <summary>Who was present (Attendance/: marked on a card or seen in the Teams meeting).</summary>
    public IReadOnlyList<AttendanceEntry> Present { get; init; } = [];

    /// <summary>The session's current answers (the per-component tally counts them).</summary>
    public IReadOnlyList<Answer> Answers { get; init; } = [];

    /// <summary>Who answered at least one question.</summary>
    public IReadOnlyList<Participant> Respondents { get; init; } = [];

    /// <summary>Respondents who were also marked present.</summary>
    public int PresentRespondents => Respondents.Count(r => Present.Any(p => p.Is(r.Id)));
}

/// <summary>
/// Reads what the coordination reports need with partition-keyed queries only: units per territory partition,
/// commitments per unit partition, sessions per territory partition, participants, answers and attendance per session partition.
/// </summary>
public sealed class CoordinationReader(UnitStore units, CommitmentStore commitments, SessionRepository sessions, AnswerRepository answers,
    AttendanceStore attendance)
{
    /// <summary>Upper bound of sessions read per territory (N°k per year rarely passes a few dozen).</summary>
    public const int MaxSessionsPerTerritory = 500;

    public async Task<IReadOnlyList<Unit>> UnitsAsync(CoordinationScope scope, CancellationToken ct)
    {
        if (scope.Unit is { } unit)
        {
            return [unit];
        }
        var list = new List<Unit>();
        foreach (var territory in scope.Territories)
        {
            list.AddRange((await units.ListByTerritoryAsync(territory.Id, ct)).OrderBy(u => u.Name, StringComparer.Create(Sessions.Flow.ChileTime.Culture, true)));
        }
        return list;
    }

    public async Task<IReadOnlyList<UnitCommitments>> CommitmentsAsync(CoordinationScope scope, CancellationToken ct)
    {
        var result = new List<UnitCommitments>();
        foreach (var unit in await UnitsAsync(scope, ct))
        {
            result.Add(new UnitCommitments(unit, await commitments.ListByUnitAsync(unit.Code.Id, ct)));
        }
        return result;
    }

    /// <summary>Sessions whose date lies in the scope's period (and about the scope's unit, when it has one), oldest first.</summary>
    public async Task<IReadOnlyList<SessionFacts>> SessionsAsync(CoordinationScope scope, CancellationToken ct)
    {
        var result = new List<SessionFacts>();
        foreach (var territory in scope.Territories)
        {
            var list = await sessions.ListByScopeAsync(SessionScope.Territory(territory.Id, territory.Name), MaxSessionsPerTerritory, ct);
            foreach (var session in list.Where(s => scope.Period.Contains(s.Date)).OrderBy(s => s.Date).ThenBy(s => s.Number))
            {
                if (scope.Unit is { } unit && session.Unit?.Id != unit.Code.Id)
                {
                    continue;
                }
                var participants = await sessions.GetParticipantsAsync(session.Id, ct);
                var given = await answers.GetAnswersAsync(session.Id, ct);
                result.Add(new SessionFacts(territory, session, participants, given.Count)
                {
                    Present = await attendance.PresentAsync(session.Id, ct),
                    Respondents = given.Select(a => a.Respondent).DistinctBy(r => r.Id).ToList(),
                    Answers = given,
                });
            }
        }
        return result;
    }

    /// <summary>A period logbook's own answers (JUNJI planificación … evaluación), stored under the logbook id.</summary>
    public Task<IReadOnlyList<Answer>> LogbookAnswersAsync(string logbookId, CancellationToken ct) => answers.GetAnswersAsync(logbookId, ct);

    public Task<ForceMajeureEvent?> ForceMajeureAsync(string unit, string eventId, CancellationToken ct) =>
        commitments.GetForceMajeureAsync(unit, eventId, ct);
}
