using Bitacora.Bot.Commitments;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using NodaTime;

namespace Bitacora.Bot.Tests.Coordination;

/// <summary>The counting behind «pendientes» and «vencidos», plain C# (no storage, no cards).</summary>
public sealed class CoordinationTallyTests
{
    private static readonly LocalDate Today = new(2026, 9, 10);

    private static Unit UnitNamed(string name, string junji)
    {
        Assert.True(UnitCode.TryParseJunji(junji, out var code));
        return new Unit(code, name, "p", "16-1", "Chillán", []);
    }

    private static Commitment Due(string id, LocalDate date, CommitmentStatus status = CommitmentStatus.Pendiente) => new()
    {
        Id = id,
        Unit = "u",
        What = id,
        Responsible = new PersonRef("p1", "Ana"),
        AccountabilityDate = date,
        MeansOfVerification = "acta",
        Origin = new CommitmentOrigin("s1", "conv1"),
        CreatedAt = Instant.FromUtc(2026, 1, 1, 0, 0),
        CreatedBy = new PersonRef("d", "Directora"),
        Status = status,
    };

    private static CoordinationScope Scope(bool periodGiven) =>
        new(AccessScope.Territory("16-1"), "territorio 16-1", [], null, new ReportPeriod(2026, 2), periodGiven);

    private static IReadOnlyList<UnitCommitments> Units() =>
    [
        new(UnitNamed("Rayito de Sol", "16101002"),
        [
            Due("old", new LocalDate(2026, 3, 2)),
            Due("done", new LocalDate(2026, 8, 3), CommitmentStatus.Cumplido),
            Due("late", new LocalDate(2026, 9, 9), CommitmentStatus.Vencido),
        ]),
        new(UnitNamed("Los Copihues", "16101001"),
        [
            Due("soon", new LocalDate(2026, 9, 20)),
            Due("late", new LocalDate(2026, 9, 9), CommitmentStatus.Ajustado),
            Due("gone", new LocalDate(2026, 8, 1), CommitmentStatus.Cancelado),
        ]),
    ];

    [Fact]
    public void Pending_lists_open_commitments_by_date_then_unit_and_counts_days_overdue()
    {
        var pending = CoordinationTally.Pending(Units(), Scope(periodGiven: false), Today);

        Assert.Equal(
            [("old", "Rayito de Sol", 192), ("late", "Los Copihues", 1), ("late", "Rayito de Sol", 1), ("soon", "Los Copihues", 0)],
            pending.Select(p => (p.Commitment.Id, p.Unit.Name, p.DaysOverdue)));
    }

    [Fact]
    public void A_typed_period_keeps_only_commitments_due_in_it_and_overdue_keeps_only_past_dates_most_overdue_first()
    {
        var inPeriod = CoordinationTally.Pending(Units(), Scope(periodGiven: true), Today);
        var overdue = CoordinationTally.Overdue(Units(), Scope(periodGiven: false), Today);

        Assert.Equal(["late", "late", "soon"], inPeriod.Select(p => p.Commitment.Id));
        Assert.Equal([("old", 192), ("late", 1), ("late", 1)], overdue.Select(p => (p.Commitment.Id, p.DaysOverdue)));
        Assert.Equal(["Rayito de Sol", "Los Copihues", "Rayito de Sol"], overdue.Select(p => p.Unit.Name));
    }
}
