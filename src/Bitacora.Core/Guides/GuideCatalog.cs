using System.Collections.Frozen;

namespace Bitacora.Bot.Guides;

/// <summary>
/// The guides the bot offers, loaded once and validated; immutable afterwards so every request reads it without locks.
/// </summary>
public sealed class GuideCatalog
{
    private readonly FrozenDictionary<string, Guide> _byId;
    private readonly FrozenDictionary<string, Guide> _meetingViews;

    public GuideCatalog(IEnumerable<Guide> guides)
    {
        Guides = guides.OrderBy(g => g.Id, StringComparer.Ordinal).ToArray();
        _byId = Guides.ToFrozenDictionary(g => g.Id, StringComparer.Ordinal);
        _meetingViews = Guides.ToFrozenDictionary(g => g.Id, g => g.MeetingView(), StringComparer.Ordinal);
    }

    /// <summary>All guides, ordered by id.</summary>
    public IReadOnlyList<Guide> Guides { get; }

    public bool TryGet(string guideId, out Guide guide) => _byId.TryGetValue(guideId, out guide!);

    public Guide? Find(string guideId) => _byId.GetValueOrDefault(guideId);

    /// <summary>The sections a meeting walks through (<see cref="Guide.MeetingView"/>): a logbook guide's record only.</summary>
    public Guide? FindForMeeting(string guideId) => _meetingViews.GetValueOrDefault(guideId);

    /// <summary>The guide with that id; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    public Guide Get(string guideId) =>
        _byId.TryGetValue(guideId, out var guide) ? guide : throw new KeyNotFoundException($"No guide with id '{guideId}'.");

    /// <summary>Loads every guide of <paramref name="folder"/>; throws listing every problem if any file is invalid.</summary>
    public static GuideCatalog Load(string folder)
    {
        var result = GuideLoader.LoadFolder(folder);
        if (!result.IsValid)
        {
            throw new GuideValidationException(result.Problems);
        }
        return new GuideCatalog(result.Guides);
    }
}

/// <summary>Guides failed validation; the message lists every problem with its file and JSON path.</summary>
public sealed class GuideValidationException(IReadOnlyList<GuideProblem> problems)
    : Exception("Invalid guides:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<GuideProblem> Problems { get; } = problems;
}
