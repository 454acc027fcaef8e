using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Moq;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>Graph cannot run here: its request adapter is mocked (Moq), everything above it is real.</summary>
public sealed class GraphWorkingHoursProviderTests
{
    private static readonly PersonRef Person = new("aad-1", "Ana", "29:ana", "aad-1");

    private static (GraphWorkingHoursProvider Provider, Mock<IRequestAdapter> Adapter) Create(Func<MailboxSettings> answer)
    {
        var adapter = new Mock<IRequestAdapter>();
        adapter.SetupProperty(a => a.BaseUrl, "https://graph.microsoft.com/v1.0");
        adapter.Setup(a => a.SendAsync(It.IsAny<RequestInformation>(), It.IsAny<ParsableFactory<MailboxSettings>>(),
                It.IsAny<Dictionary<string, ParsableFactory<IParsable>>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(answer);
        var options = new ReminderOptions();
        var provider = new GraphWorkingHoursProvider(new GraphServiceClient(adapter.Object), new MemoryCache(new MemoryCacheOptions()),
            ReminderPolicy.From(options), options);
        return (provider, adapter);
    }

    [Fact]
    public async Task Windows_zone_and_working_hours_from_mailbox_settings_are_used_and_cached()
    {
        var (provider, adapter) = Create(() => new MailboxSettings
        {
            TimeZone = "Pacific SA Standard Time",
            WorkingHours = new Microsoft.Graph.Models.WorkingHours
            {
                DaysOfWeek = [DayOfWeekObject.Monday, DayOfWeekObject.Tuesday, DayOfWeekObject.Saturday],
                StartTime = new Time(10, 0, 0),
                EndTime = new Time(14, 0, 0),
                TimeZone = new TimeZoneBase { Name = "Magallanes Standard Time" },
            },
        });

        var first = await provider.GetAsync(Person, default);
        var second = await provider.GetAsync(Person, default);

        Assert.Same(first, second);
        Assert.Equal("America/Punta_Arenas", first.Zone.Id);
        Assert.Equal(new LocalTime(10, 0), first.Start);
        Assert.Equal(new LocalTime(14, 0), first.End);
        Assert.Equal(new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Saturday }.ToHashSet(), first.Days);
        adapter.Verify(a => a.SendAsync(It.Is<RequestInformation>(r => r.UrlTemplate!.Contains("mailboxSettings")),
            It.IsAny<ParsableFactory<MailboxSettings>>(), It.IsAny<Dictionary<string, ParsableFactory<IParsable>>>(),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Graph_failing_or_a_person_without_aad_id_gets_the_configured_defaults()
    {
        var (provider, _) = Create(() => throw new ODataError { ResponseStatusCode = 403 });

        var failed = await provider.GetAsync(Person, default);
        var contact = await provider.GetAsync(new PersonRef("contact-7", "Pedro"), default);

        Assert.Equal(ReminderPolicy.Default.DefaultHours.Zone.Id, failed.Zone.Id);
        Assert.Equal(new LocalTime(8, 30), failed.Start);
        Assert.Equal("America/Santiago", contact.Zone.Id);
    }

    [Fact]
    public void Unknown_zone_and_missing_hours_fall_back_field_by_field()
    {
        var hours = GraphWorkingHoursProvider.Map(new MailboxSettings { TimeZone = "Pacific/Easter" }, ReminderPolicy.Default.DefaultHours);
        var bogus = GraphWorkingHoursProvider.Map(new MailboxSettings { TimeZone = "Not A Zone" }, ReminderPolicy.Default.DefaultHours);

        Assert.Equal("Pacific/Easter", hours.Zone.Id);
        Assert.Equal(new LocalTime(17, 30), hours.End);
        Assert.Equal("America/Santiago", bogus.Zone.Id);
    }
}
