using System.Globalization;
using Bitacora.Bot.Commitments;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Reminders;

/// <summary>When a person can be disturbed: a time zone, the working days and the daily window [Start, End).</summary>
public sealed record WorkingHours(DateTimeZone Zone, IReadOnlySet<IsoDayOfWeek> Days, LocalTime Start, LocalTime End)
{
    public bool IsValid => Days.Count > 0 && Start < End;
}

/// <summary>A person's time zone and working hours (Microsoft Graph mailbox settings, or the configured defaults).</summary>
public interface IWorkingHoursProvider
{
    ValueTask<WorkingHours> GetAsync(PersonRef person, CancellationToken cancellationToken);
}

/// <summary>The policy, parsed once from <see cref="ReminderOptions"/>; times use NodaTime's bundled tzdb only.</summary>
public sealed record ReminderPolicy(IReadOnlyList<ReminderKind> Kinds, LocalTime TimeOfDay, WorkingHours DefaultHours)
{
    public static readonly int[] DefaultOffsetDays = [-3, 0, 1, 7];

    public static ReminderPolicy Default { get; } = From(new ReminderOptions());

    public static ReminderPolicy From(ReminderOptions options)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZone)
                   ?? throw new InvalidOperationException($"Reminders:TimeZone '{options.TimeZone}' is not a tzdb zone.");
        var days = (options.WorkingDays is { Length: > 0 } named ? named : ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
            .Select(d => Enum.Parse<IsoDayOfWeek>(d, ignoreCase: true))
            .ToHashSet();
        var hours = new WorkingHours(zone, days, ParseTime(options.WorkingHoursStart, "WorkingHoursStart"),
            ParseTime(options.WorkingHoursEnd, "WorkingHoursEnd"));
        if (!hours.IsValid)
        {
            throw new InvalidOperationException("Reminders: working hours need at least one day and start before end.");
        }
        var kinds = (options.OffsetDays is { Length: > 0 } o ? o : DefaultOffsetDays)
            .Distinct().Order().Select(d => new ReminderKind(d)).ToList();
        return new ReminderPolicy(kinds, ParseTime(options.TimeOfDay, "TimeOfDay"), hours);
    }

    private static LocalTime ParseTime(string text, string key)
    {
        var result = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
        return result.Success ? result.Value
            : throw new InvalidOperationException($"Reminders:{key} '{text}' is not HH:mm ({result.Exception.Message}).");
    }
}

/// <summary>Everyone gets the configured default hours (used when Graph is not configured or does not know the person).</summary>
public sealed class ConfiguredWorkingHoursProvider(ReminderPolicy policy) : IWorkingHoursProvider
{
    public ValueTask<WorkingHours> GetAsync(PersonRef person, CancellationToken cancellationToken) => new(policy.DefaultHours);
}

/// <summary>Parses time zone ids as Graph returns them: IANA ids or Windows ids (mapped with CLDR data bundled in NodaTime).</summary>
public static class TimeZoneIds
{
    public static DateTimeZone? Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } iana)
        {
            return iana;
        }
        var mapping = NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.WindowsMapping.PrimaryMapping;
        return mapping.TryGetValue(id, out var ianaId) ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaId) : null;
    }

    internal static string Format(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
