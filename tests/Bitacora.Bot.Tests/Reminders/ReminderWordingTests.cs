using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>The reminder headline says the real distance, in working days, as the app wires it (holidays loaded).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderWordingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static Commitment On(LocalDate date) => new()
    {
        Id = "c1", Unit = "junji:16101001", What = "x", Responsible = new PersonRef("p", "Persona"), AccountabilityDate = date,
        MeansOfVerification = "acta", Origin = new CommitmentOrigin("s1", "conv1"), CreatedAt = Instant.FromUtc(2026, 1, 1, 0, 0),
        CreatedBy = new PersonRef("d", "Directora"),
    };

    private async Task<string> HeadlineAsync(LocalDate date, int month, int day)
    {
        _bot.Time.SetUtcNow(new DateTimeOffset(2026, month, day, 13, 0, 0, TimeSpan.Zero)); // 09:00 in Santiago
        return await _bot.Get<CommitmentViews>().ReminderHeadlineAsync(On(date), CancellationToken.None);
    }

    [Theory]
    [InlineData(5, 6, "Recordatorio: faltan 3 días hábiles para la fecha de rendición de cuentas (el lunes 11)")]
    [InlineData(5, 8, "Recordatorio: falta 1 día hábil para la fecha de rendición de cuentas (el lunes 11)")]
    [InlineData(5, 11, "Recordatorio: el compromiso vence hoy")]
    [InlineData(5, 12, "Recordatorio: el compromiso venció el lunes 11 y sigue abierto")]
    [InlineData(6, 1, "Recordatorio: el compromiso venció el lunes 11 de mayo y sigue abierto")]
    public async Task A_monday_date_seen_on_each_day(int month, int day, string expected)
    {
        Assert.Equal(expected, await HeadlineAsync(new LocalDate(2026, 5, 11), month, day));
    }

    [Fact]
    public async Task A_Sunday_date_is_named_as_such_and_a_holiday_is_not_counted()
    {
        Assert.Equal("Recordatorio: el compromiso vence el domingo 10, que no es día hábil", await HeadlineAsync(new LocalDate(2026, 5, 10), 5, 8));
        Assert.Equal("Recordatorio: el compromiso venció el viernes 4 y sigue abierto", await HeadlineAsync(new LocalDate(2026, 9, 4), 9, 7));
        // Wed 9 Dec seen on Fri 4: Mon 7 and Wed 9 are left (Tue 8 is a holiday).
        Assert.Equal("Recordatorio: faltan 2 días hábiles para la fecha de rendición de cuentas (el miércoles 9)",
            await HeadlineAsync(new LocalDate(2026, 12, 9), 12, 4));
    }
}
