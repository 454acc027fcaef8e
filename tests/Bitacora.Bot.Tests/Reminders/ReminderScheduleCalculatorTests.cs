using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Tests.Reminders;

public sealed class ReminderScheduleCalculatorTests
{
    private static readonly ReminderPolicy Policy = ReminderPolicy.Default;
    private static readonly DateTimeZone Santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];

    private static Commitment On(LocalDate date, CommitmentStatus status = CommitmentStatus.Pendiente) => new()
    {
        Id = "c1",
        Unit = "u1",
        What = "x",
        Responsible = new PersonRef("p1", "Ana"),
        AccountabilityDate = date,
        MeansOfVerification = "acta",
        Origin = new CommitmentOrigin("s1", "conv1"),
        CreatedAt = Instant.FromUtc(2026, 1, 1, 0, 0),
        CreatedBy = new PersonRef("d", "Directora"),
        Status = status,
    };

    private static Instant Utc(string iso) => InstantPattern.General.Parse(iso).GetValueOrThrow();

    [Fact]
    public void Default_policy_counts_three_working_days_before_the_day_and_one_and_seven_working_days_after_at_nine_Santiago_time()
    {
        // 2026-05-04 is a Monday; Santiago is UTC-4 in May. Weekends only here (no holiday calendar).
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 4)), Policy, Policy.DefaultHours);

        Assert.Equal(
        [
            (-3, Utc("2026-04-29T13:00:00Z")), // Wednesday: Thu 30, Fri 1 and Mon 4 are the three working days left
            (0, Utc("2026-05-04T13:00:00Z")),
            (1, Utc("2026-05-05T13:00:00Z")),
            (7, Utc("2026-05-13T13:00:00Z")), // seven working days after, the weekend not counted
        ], reminders.Select(r => (r.Kind.OffsetDays, r.DueUtc)));
        Assert.Equal([ReminderPhase.Before, ReminderPhase.OnDay, ReminderPhase.After, ReminderPhase.After],
            reminders.Select(r => r.Kind.Phase));
    }

    [Fact]
    public void Three_working_days_before_a_Tuesday_is_the_Thursday_before_never_a_weekend()
    {
        // Date Tuesday 2026-05-12: Fri 8, Mon 11 and Tue 12 are left → Thursday 7 at 09:00 (-04) = 13:00Z.
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 12)), Policy, Policy.DefaultHours);

        Assert.Equal(Utc("2026-05-07T13:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc);
    }

    [Theory]
    [InlineData("07:00", "2026-05-04T12:30:00Z")] // before opening → same day 08:30
    [InlineData("18:00", "2026-05-05T12:30:00Z")] // after closing → next working day 08:30
    [InlineData("17:30", "2026-05-05T12:30:00Z")] // the end is exclusive
    [InlineData("12:15", "2026-05-04T16:15:00Z")] // inside → unchanged
    public void A_reminder_outside_working_hours_moves_to_the_next_working_time_start(string timeOfDay, string expected)
    {
        var policy = ReminderPolicy.From(new ReminderOptions { TimeOfDay = timeOfDay, OffsetDays = [0] });

        var reminder = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 4)), policy, policy.DefaultHours).Single();

        Assert.Equal(Utc(expected), reminder.DueUtc);
    }

    [Fact]
    public void Friday_after_hours_moves_to_monday()
    {
        var policy = ReminderPolicy.From(new ReminderOptions { TimeOfDay = "19:00", OffsetDays = [0] });

        var reminder = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 8)), policy, policy.DefaultHours).Single();

        Assert.Equal(Utc("2026-05-11T12:30:00Z"), reminder.DueUtc);
    }

    [Theory]
    // July: Santiago UTC-4, Punta Arenas UTC-3 all year (no DST since 2016), Easter Island UTC-6.
    [InlineData("America/Santiago", "2026-07-06T13:00:00Z")]
    [InlineData("America/Punta_Arenas", "2026-07-06T12:00:00Z")]
    [InlineData("Pacific/Easter", "2026-07-06T15:00:00Z")]
    public void Nine_o_clock_is_nine_o_clock_in_the_responsibles_own_zone(string zoneId, string expected)
    {
        var hours = Policy.DefaultHours with { Zone = DateTimeZoneProviders.Tzdb[zoneId] };

        var onDay = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 7, 6)), Policy, hours).Single(r => r.Kind.OffsetDays == 0);

        Assert.Equal(Utc(expected), onDay.DueUtc);
    }

    [Fact]
    public void The_2026_Chilean_transitions_in_the_bundled_tzdb_are_on_the_first_sundays_of_april_and_september()
    {
        var transitions = Santiago.GetZoneIntervals(Utc("2026-01-01T00:00:00Z"), Utc("2027-01-01T00:00:00Z"))
            .Skip(1).Select(i => (i.Start, i.WallOffset)).ToList();

        Assert.Equal(
        [
            (Utc("2026-04-05T03:00:00Z"), Offset.FromHours(-4)), // Sat 4 Apr 24:00 (-03) → 23:00 (-04)
            (Utc("2026-09-06T04:00:00Z"), Offset.FromHours(-3)), // Sat 5 Sep 24:00 (-04) → Sun 6 Sep 01:00 (-03)
        ], transitions);
    }

    [Fact]
    public void A_local_time_skipped_by_the_september_spring_forward_is_shifted_forward_by_the_gap()
    {
        var skipped = new LocalDateTime(2026, 9, 6, 0, 30);

        var instant = ReminderScheduleCalculator.ResolveLocal(skipped, Santiago);

        Assert.Equal(Utc("2026-09-06T04:30:00Z"), instant); // 01:30 -03
        Assert.Equal(new LocalDateTime(2026, 9, 6, 1, 30), instant.InZone(Santiago).LocalDateTime);
    }

    [Fact]
    public void A_local_time_repeated_by_the_april_fall_back_takes_its_earlier_occurrence()
    {
        var repeated = new LocalDateTime(2026, 4, 4, 23, 30);

        Assert.Equal(Utc("2026-04-05T02:30:00Z"), ReminderScheduleCalculator.ResolveLocal(repeated, Santiago)); // -03, not -04
    }

    [Fact]
    public void Derivation_across_both_transitions_is_deterministic_with_round_the_clock_hours()
    {
        var policy = ReminderPolicy.From(new ReminderOptions
        {
            TimeOfDay = "00:30", OffsetDays = [0],
            WorkingDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            WorkingHoursStart = "00:00", WorkingHoursEnd = "23:59",
        });

        var spring = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 9, 6)), policy, policy.DefaultHours).Single();
        var day = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 4, 5)), policy, policy.DefaultHours).Single();

        Assert.Equal(Utc("2026-09-06T04:30:00Z"), spring.DueUtc);
        Assert.Equal(Utc("2026-04-05T04:30:00Z"), day.DueUtc); // 00:30 -04 on the first day of winter time
    }

    [Fact]
    public void Working_week_across_the_september_change_uses_the_new_offset_on_monday()
    {
        // Friday 4 Sep (-04) and Monday 7 Sep (-03).
        var friday = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 9, 4)), Policy, Policy.DefaultHours).Single(r => r.Kind.OffsetDays == 0);
        var monday = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 9, 7)), Policy, Policy.DefaultHours).Single(r => r.Kind.OffsetDays == 0);

        Assert.Equal(Utc("2026-09-04T13:00:00Z"), friday.DueUtc);
        Assert.Equal(Utc("2026-09-07T12:00:00Z"), monday.DueUtc);
    }

    [Fact]
    public void Closed_commitments_get_no_reminders_and_past_ones_are_dropped()
    {
        var closed = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 4), CommitmentStatus.Cumplido), Policy, Policy.DefaultHours);
        var late = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 4)), Policy, Policy.DefaultHours, Utc("2026-05-04T14:00:00Z"));

        Assert.Empty(closed);
        Assert.Equal([1, 7], late.Select(r => r.Kind.OffsetDays));
    }

    [Theory]
    [InlineData("Pacific SA Standard Time", "America/Santiago")]
    [InlineData("America/Punta_Arenas", "America/Punta_Arenas")]
    [InlineData("Easter Island Standard Time", "Pacific/Easter")]
    public void Windows_and_iana_zone_ids_resolve(string id, string expected)
    {
        Assert.Equal(expected, TimeZoneIds.Resolve(id)?.Id);
    }
}
