using Bitacora.Bot.Attendance;
using Bitacora.Bot.Registry.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.Bot.Tests.Attendance;

/// <summary>
/// The status message is re-rendered on every save and the attendance card on every draw: who is present and the
/// conversation's members are read once for the meeting, not on each of those (<see cref="AttendanceCache"/>).
/// </summary>
public sealed class AttendanceCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Present_names_are_read_once_until_a_change_here_or_until_they_expire()
    {
        var cache = new AttendanceCache(_time);
        var reads = 0;
        Task<IReadOnlyList<string>> Read() => Task.FromResult<IReadOnlyList<string>>([$"Lectura {++reads}"]);

        for (var save = 0; save < 10; save++) Assert.Equal(["Lectura 1"], await cache.PresentNamesAsync("s-1", Read));
        Assert.Equal(1, reads);

        cache.Forget("s-1");                       // someone saved the attendance card on this instance
        Assert.Equal(["Lectura 2"], await cache.PresentNamesAsync("s-1", Read));
        _time.Advance(AttendanceCache.PresentFor);   // another instance's change shows within PresentFor
        Assert.Equal(["Lectura 3"], await cache.PresentNamesAsync("s-1", Read));
        Assert.Equal(["Lectura 4"], await cache.PresentNamesAsync("s-2", Read));
    }

    [Fact]
    public async Task Members_are_kept_for_the_meeting_but_a_failed_read_is_not()
    {
        var cache = new AttendanceCache(_time);
        var reads = 0;
        var failing = true;
        Task<IReadOnlyList<PersonIdentity>> Read()
        {
            reads++;
            return Task.FromResult<IReadOnlyList<PersonIdentity>>(failing ? [] : [new PersonIdentity("Alex Wilber", "29:alex", "aad-alex", null)]);
        }

        Assert.Empty(await cache.MembersAsync("19:chat", Read));
        failing = false;
        for (var draw = 0; draw < 5; draw++) Assert.Single(await cache.MembersAsync("19:chat", Read));
        Assert.Equal(2, reads);
        _time.Advance(AttendanceCache.MembersFor);
        await cache.MembersAsync("19:chat", Read);
        Assert.Equal(3, reads);
    }
}
