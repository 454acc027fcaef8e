using System.Globalization;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>What one input of a section card showed: the stored answer's revision (0 = none) and whether only a preview.</summary>
public readonly record struct ShownRevision(int Revision, bool Preview);

/// <summary>
/// The compact reference a section card carries in its actions instead of copies of every value: for each question of
/// the section, in guide order, the revision of the answer the card was rendered with ("3.0.1p.0"; "p" = the card showed
/// a preview and an empty input, so a blank input means "keep"). The server looks the shown value up in the answer's
/// history when it needs it, so the card's size does not grow with the answers.
/// </summary>
public static class CardRevisions
{
    public static string Format(GuideSection section, Func<GuideQuestion, ShownRevision> shown) =>
        string.Join(".", section.Questions.Select(q =>
        {
            var s = shown(q);
            return s.Revision.ToString(CultureInfo.InvariantCulture) + (s.Preview ? "p" : "");
        }));

    /// <summary>Per question id; null when the card carried no (or an unreadable) reference.</summary>
    public static IReadOnlyDictionary<string, ShownRevision>? Parse(GuideSection section, string? rev)
    {
        if (string.IsNullOrWhiteSpace(rev)) return null;
        var parts = rev.Split('.');
        if (parts.Length != section.Questions.Length) return null;
        var result = new Dictionary<string, ShownRevision>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var preview = part.EndsWith('p');
            if (!int.TryParse(preview ? part[..^1] : part, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)) return null;
            result[section.Questions[i].Id] = new ShownRevision(revision, preview);
        }
        return result;
    }
}
