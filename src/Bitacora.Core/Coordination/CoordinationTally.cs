using Bitacora.Bot.Commitments;
using Bitacora.Bot.Registry.Model;
using NodaTime;

namespace Bitacora.Bot.Coordination;

/// <summary>An open commitment of a unit, with the days it is overdue (0 when not yet due).</summary>
public sealed record OpenCommitment(Unit Unit, Commitment Commitment, int DaysOverdue);

/// <summary>How many sessions one person took part in.</summary>
public sealed record PersonTally(string Name, int Sessions);

/// <summary>A territory's participation: its sessions, the people in them and the figures the card shows.</summary>
public sealed record TerritoryParticipation(
    Territory Territory, IReadOnlyList<SessionFacts> Sessions, IReadOnlyList<PersonTally> People, int Answers,
    int? PresentPeople, IReadOnlyList<(string Unit, int Sessions)> SessionsPerUnit);

/// <summary>
/// The counting behind the coordination commands, plain C# over what <see cref="CoordinationReader"/> read: which
/// commitments are pending or overdue (in the order the lists show them), and participation per territory.
/// </summary>
public static class CoordinationTally
{
    /// <summary>Open commitments (within the period when one was typed), by accountability date then unit.</summary>
    public static IReadOnlyList<OpenCommitment> Pending(IEnumerable<UnitCommitments> units, CoordinationScope scope, LocalDate today) =>
        Open(units, scope, today).OrderBy(x => x.Commitment.AccountabilityDate).ThenBy(x => x.Unit.Name, StringComparer.Ordinal).ToList();

    /// <summary>Open commitments whose accountability date is before <paramref name="today"/>, most days overdue first.</summary>
    public static IReadOnlyList<OpenCommitment> Overdue(IEnumerable<UnitCommitments> units, CoordinationScope scope, LocalDate today) =>
        Open(units, scope, today).Where(x => x.Commitment.AccountabilityDate < today)
            .OrderByDescending(x => x.DaysOverdue).ThenBy(x => x.Unit.Name, StringComparer.Ordinal).ToList();

    private static IEnumerable<OpenCommitment> Open(IEnumerable<UnitCommitments> units, CoordinationScope scope, LocalDate today) =>
        units.SelectMany(u => u.Commitments
            .Where(c => c.IsOpen && (!scope.PeriodGiven || scope.Period.Contains(c.AccountabilityDate.ToDateOnly())))
            .Select(c => new OpenCommitment(u.Unit, c,
                c.AccountabilityDate < today ? Period.Between(c.AccountabilityDate, today, PeriodUnits.Days).Days : 0)));

    /// <summary>Participation per territory, in the order the sessions came (the reader's: territory by territory).</summary>
    public static IReadOnlyList<TerritoryParticipation> Participation(IEnumerable<SessionFacts> sessions) =>
        sessions.GroupBy(s => s.Territory.Id).Select(group =>
        {
            var list = group.ToList();
            var people = list.SelectMany(s => s.Participants).GroupBy(p => p.Id)
                .Select(g => new PersonTally(g.First().Name, g.Count()))
                .OrderByDescending(p => p.Sessions).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
            int? present = list.Any(s => s.Present.Count > 0)
                ? list.SelectMany(s => s.Present).Select(p => p.Key).Distinct().Count()
                : null;
            var perUnit = list.Where(s => s.Session.Unit is not null).GroupBy(s => s.Session.Unit!.Name)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
            return new TerritoryParticipation(list[0].Territory, list, people, list.Sum(s => s.AnswerCount), present, perUnit);
        }).ToList();

    /// <summary>What the longest participation list holds: the most sessions of a territory, or the distinct people.</summary>
    public static int LongestList(IReadOnlyCollection<TerritoryParticipation> territories) =>
        Math.Max(territories.Select(t => t.Sessions.Count).DefaultIfEmpty(0).Max(),
            territories.SelectMany(t => t.Sessions).SelectMany(s => s.Participants).Select(p => p.Id).Distinct().Count());
}
