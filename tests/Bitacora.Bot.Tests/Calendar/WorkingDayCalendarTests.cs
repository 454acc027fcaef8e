using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Tests.Calendar;

/// <summary>
/// Reminder days as people count them: offsets in working days, never on a weekend or a Chilean holiday (the shipped
/// Content/Calendar/feriados-cl.json, national and regional), the Sunday case, both DST changes of 2026.
/// </summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly HolidayCalendar Holidays =
        HolidayCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Calendar", HolidayCalendar.FileName));
    private static readonly ReminderPolicy Policy = ReminderPolicy.From(new ReminderOptions { OffsetDays = [-3, -2, -1, 0, 1, 2, 7] });
    private static readonly WorkingHours Hours = Policy.DefaultHours;
    private static readonly HolidayPlace Chillan = new("16", "Chillán");

    private static WorkingCalendar Calendar(HolidayPlace? place = null) => new(Hours.Days, Holidays, place);

    private static Commitment On(LocalDate date) => new()
    {
        Id = "c1", Unit = "junji:16101001", What = "x", Responsible = new PersonRef("p", "Persona"), AccountabilityDate = date,
        MeansOfVerification = "acta", Origin = new CommitmentOrigin("s1", "conv1"), CreatedAt = Instant.FromUtc(2025, 1, 1, 0, 0),
        CreatedBy = new PersonRef("d", "Directora"),
    };

    private static Instant Utc(string iso) => InstantPattern.General.Parse(iso).GetValueOrThrow();

    private static LocalDate Local(ScheduledReminder r) => r.DueUtc.InZone(Hours.Zone).Date;

    [Fact]
    public void The_shipped_calendar_covers_2025_to_2027_and_knows_the_holidays_the_issue_names()
    {
        Assert.Superset(new HashSet<int> { 2025, 2026, 2027 }, Holidays.Years.ToHashSet());
        Assert.Equal("Inmaculada Concepción", Holidays.NameOf(new LocalDate(2026, 12, 8)));
        Assert.Equal("Viernes Santo", Holidays.NameOf(new LocalDate(2026, 4, 3)));
        Assert.Null(Holidays.NameOf(new LocalDate(2026, 8, 20))); // regional only
        Assert.Equal("Natalicio del Libertador Bernardo O'Higgins", Holidays.NameOf(new LocalDate(2026, 8, 20), Chillan));
        Assert.Equal("Asalto y Toma del Morro de Arica", Holidays.NameOf(new LocalDate(2026, 6, 7), new HolidayPlace("15", "Arica")));
    }

    [Fact]
    public void Every_offset_of_every_date_in_2026_and_2027_lands_on_a_working_day_the_right_number_of_working_days_away()
    {
        foreach (var place in new[] { HolidayPlace.Nationwide, Chillan })
        {
            var calendar = Calendar(place);
            for (var date = new LocalDate(2026, 1, 12); date <= new LocalDate(2027, 12, 15); date = date.PlusDays(1))
            {
                var reminders = ReminderScheduleCalculator.Derive(On(date), Policy, Hours, null, calendar);
                Assert.All(reminders, r => Assert.True(calendar.IsWorkingDay(Local(r)), $"{date}: {r.Kind} on {Local(r)}"));
                Assert.Equal(reminders.Count, reminders.Select(Local).Distinct().Count()); // one reminder a day at most
                foreach (var r in reminders)
                {
                    var day = Local(r);
                    switch (r.Kind.Phase)
                    {
                        case ReminderPhase.Before:
                            Assert.True(day < date);
                            Assert.Equal(-r.Kind.OffsetDays, calendar.WorkingDaysAfter(day, date) + (calendar.IsWorkingDay(date) ? 0 : 1));
                            break;
                        case ReminderPhase.OnDay:
                            Assert.True(day == date || (!calendar.IsWorkingDay(date) && calendar.WorkingDaysAfter(day, date) == 0));
                            break;
                        default:
                            Assert.True(day > date);
                            Assert.Equal(r.Kind.OffsetDays, calendar.WorkingDaysAfter(date, day));
                            break;
                    }
                }
                Assert.Contains(reminders, r => r.Kind.Phase == ReminderPhase.OnDay);
            }
        }
    }

    [Fact]
    public void A_Sunday_date_is_announced_on_Friday_and_overdue_on_Monday_not_both_on_Monday()
    {
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 10)), ReminderPolicy.Default, Hours, null, Calendar());

        Assert.Equal(
        [
            (-3, new LocalDate(2026, 5, 6)),
            (0, new LocalDate(2026, 5, 8)), // the last working day before the date
            (1, new LocalDate(2026, 5, 11)),
            (7, new LocalDate(2026, 5, 19)),
        ], reminders.Select(r => (r.Kind.OffsetDays, Local(r))));
    }

    [Fact]
    public void With_a_one_day_before_offset_a_Sunday_date_sends_only_the_later_phase_on_Friday()
    {
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 5, 10)), Policy, Hours, null, Calendar());

        var friday = Assert.Single(reminders, r => Local(r) == new LocalDate(2026, 5, 8));
        Assert.Equal(0, friday.Kind.OffsetDays);
        Assert.DoesNotContain(reminders, r => r.Kind.OffsetDays == -1);
    }

    [Fact]
    public void National_holidays_are_skipped_before_and_after_the_date()
    {
        // Tuesday 8 December 2026 (Inmaculada Concepción).
        var wednesday = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 12, 9)), ReminderPolicy.Default, Hours, null, Calendar());
        Assert.Equal(new LocalDate(2026, 12, 3), Local(wednesday.Single(r => r.Kind.OffsetDays == -3))); // Mon 7, Fri 4, Thu 3
        var monday = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 12, 7)), ReminderPolicy.Default, Hours, null, Calendar());
        Assert.Equal(new LocalDate(2026, 12, 9), Local(monday.Single(r => r.Kind.OffsetDays == 1)));
        // A date on the holiday itself is announced the working day before.
        var onHoliday = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 12, 8)), ReminderPolicy.Default, Hours, null, Calendar());
        Assert.Equal(new LocalDate(2026, 12, 7), Local(onHoliday.Single(r => r.Kind.OffsetDays == 0)));
    }

    [Fact]
    public void Regional_holidays_count_only_for_units_of_that_place()
    {
        // Thursday 20 August 2026 is a holiday in Chillán and Chillán Viejo only.
        var friday = On(new LocalDate(2026, 8, 21));
        var inChillan = ReminderScheduleCalculator.Derive(friday, Policy, Hours, null, Calendar(Chillan));
        var elsewhere = ReminderScheduleCalculator.Derive(friday, Policy, Hours, null, Calendar(new HolidayPlace("16", "Quillón")));

        Assert.Equal(new LocalDate(2026, 8, 19), Local(inChillan.Single(r => r.Kind.OffsetDays == -1)));
        Assert.Equal(new LocalDate(2026, 8, 20), Local(elsewhere.Single(r => r.Kind.OffsetDays == -1)));
    }

    [Fact]
    public void Holy_week_and_the_april_DST_change_together()
    {
        // Monday 6 April 2026: Good Friday (3) and Holy Saturday (4) are holidays; clocks go back on Sunday 5.
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 4, 6)), ReminderPolicy.Default, Hours, null, Calendar());

        Assert.Equal(Utc("2026-03-31T12:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc); // Tue 31 Mar 09:00 -03
        Assert.Equal(Utc("2026-04-06T13:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == 0).DueUtc); // 09:00 -04
    }

    [Fact]
    public void The_september_DST_change_between_the_reminders()
    {
        // Monday 7 September 2026: clocks go forward on Sunday 6.
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 9, 7)), ReminderPolicy.Default, Hours, null, Calendar());

        Assert.Equal(Utc("2026-09-02T13:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc); // Wed 2, 09:00 -04
        Assert.Equal(Utc("2026-09-07T12:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == 0).DueUtc); // 09:00 -03
        Assert.Equal(Utc("2026-09-08T12:00:00Z"), reminders.Single(r => r.Kind.OffsetDays == 1).DueUtc);
    }

    [Fact]
    public void Fiestas_patrias_push_the_after_reminders_past_the_holidays()
    {
        // Thursday 17 September 2026; Friday 18 and Saturday 19 are holidays.
        var reminders = ReminderScheduleCalculator.Derive(On(new LocalDate(2026, 9, 17)), ReminderPolicy.Default, Hours, null, Calendar());

        Assert.Equal(new LocalDate(2026, 9, 21), Local(reminders.Single(r => r.Kind.OffsetDays == 1)));
        Assert.Equal(new LocalDate(2026, 9, 29), Local(reminders.Single(r => r.Kind.OffsetDays == 7)));
    }
}
