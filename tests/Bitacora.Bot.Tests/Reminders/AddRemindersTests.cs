using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Bot.Tests.Reminders;

public sealed class AddRemindersTests
{
    [Fact]
    public void AddReminders_binds_the_section_and_resolves_the_sweep_without_graph_or_a_channel()
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

        Assert.NotNull(provider.GetRequiredService<ReminderSweep>());
        Assert.IsType<ConfiguredWorkingHoursProvider>(provider.GetRequiredService<IWorkingHoursProvider>());
        Assert.IsType<LoggingReminderChannel>(provider.GetRequiredService<IReminderChannel>());
        Assert.Equal([-2, 0], policy.Kinds.Select(k => k.OffsetDays));
        Assert.Equal("America/Punta_Arenas", policy.DefaultHours.Zone.Id);
        Assert.Equal(20, provider.GetRequiredService<ReminderOptions>().RateLimits.AppPerSecond);
    }
}
