using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Bot.Tests.Reminders;

public sealed class AddRemindersTests
{
    [Fact]
    public void AddReminders_binds_the_section_and_registers_the_one_reminder_channel_and_the_commitments_planner()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Reminders:OffsetDays:0"] = "-2",
            ["Reminders:OffsetDays:1"] = "0",
            ["Reminders:TimeOfDay"] = "10:00",
            ["Reminders:TimeZone"] = "America/Punta_Arenas",
            ["Reminders:RateLimits:AppPerSecond"] = "20",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddTableStorage(configuration);
        services.AddReminders(configuration, addHangfireServer: false);
        using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredService<ReminderPolicy>();

        Assert.IsType<ConfiguredWorkingHoursProvider>(provider.GetRequiredService<IWorkingHoursProvider>());
        // The channel is registered here and nowhere else (AddCommitments does not touch it): one descriptor, Teams'.
        Assert.Equal(typeof(ConnectorReminderChannel), Assert.Single(services, d => d.ServiceType == typeof(IReminderChannel)).ImplementationType);
        Assert.Single(services, d => d.ServiceType == typeof(IReminderPlanner));
        Assert.Equal([-2, 0], policy.Kinds.Select(k => k.OffsetDays));
        Assert.Equal("America/Punta_Arenas", policy.DefaultHours.Zone.Id);
        Assert.Equal(20, provider.GetRequiredService<ReminderOptions>().RateLimits.AppPerSecond);
    }
}
