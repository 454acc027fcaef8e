using Bitacora.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>
/// Issue 16, item 5: content checks run right after the host has started (off the start path), and a broken file
/// still stops the application, naming the file.
/// </summary>
[Collection(RawHostCollection.Name)]
public sealed class StartupChecksTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_host_is_started_before_the_content_checks_run()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ran = 0;
        using var host = Build(services => services
            .AddStartupCheck(_ => release.Task.Wait(Bound))
            .AddStartupCheck(_ => Interlocked.Increment(ref ran)));

        await host.StartAsync(); // returns while the first check is still blocked
        Assert.Equal(0, Volatile.Read(ref ran));
        release.SetResult();

        await host.Services.GetRequiredService<StartupChecksRunner>().Completion.WaitAsync(Bound);
        Assert.Equal(1, ran);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_broken_file_stops_the_application_naming_it()
    {
        var exitCode = Environment.ExitCode;
        try
        {
            using var host = Build(services => services.AddStartupCheck(_ => throw new InvalidDataException("Content/Guides/roto.json: línea 3")));
            await host.StartAsync();

            var failure = await Assert.ThrowsAsync<InvalidDataException>(() => host.Services.GetRequiredService<StartupChecksRunner>().Completion.WaitAsync(Bound));
            Assert.Contains("roto.json", failure.Message);
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);
            Assert.True(stopping.IsCancellationRequested);
            await host.StopAsync();
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        configure(builder.Services);
        return builder.Build();
    }
}
