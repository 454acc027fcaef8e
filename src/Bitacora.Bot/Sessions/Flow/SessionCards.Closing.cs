using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>The «¿Finalizar la sesión?» card and the session's finish/reopen history line.</summary>
public sealed partial class SessionCards
{
    public const string FinishTemplate = "session-finish";

    /// <summary>Events the history line shows (the latest; all stay stored).</summary>
    private const int HistoryShown = 4;

    /// <summary>
    /// Asks before finishing, to the person who clicked only: how many questions stay unanswered, the required ones by
    /// name (first), the others by number per section — each section named with its stage.
    /// </summary>
    public JsonObject FinishConfirm(Session session, Guide guide, SessionTally tally, long version)
    {
        var required = new JsonArray();
        var other = new JsonArray();
        int unanswered = 0, requiredCount = 0, otherCount = 0;
        foreach (var section in guide.Sections)
        {
            var missing = section.Questions.Select((q, i) => (Question: q, Number: i + 1)).Where(x => !tally.Answered.Contains(x.Question.Id)).ToList();
            unanswered += missing.Count;
            var heading = SectionHeading(guide, section);
            var mustAnswer = missing.Where(x => x.Question.Required).ToList();
            if (mustAnswer.Count > 0)
            {
                requiredCount += mustAnswer.Count;
                required.Add(new JsonObject
                {
                    ["heading"] = heading,
                    ["questions"] = new JsonArray([.. mustAnswer.Select(x => (JsonNode)new JsonObject { ["text"] = $"{x.Number}. {Shorten(x.Question.Text, 140)}" })]),
                });
            }
            var rest = missing.Where(x => !x.Question.Required).ToList();
            if (rest.Count > 0)
            {
                otherCount += rest.Count;
                other.Add(new JsonObject
                {
                    ["title"] = heading,
                    ["value"] = texts.Format(SessionTexts.FinishOtherSection, string.Join(", ", rest.Select(x => x.Number.ToString(CultureInfo.InvariantCulture)))),
                });
            }
        }
        var sessionNode = SessionNode(session, guide);
        sessionNode["version"] = version;
        return cards.Render(FinishTemplate, new JsonObject
        {
            ["session"] = sessionNode,
            ["title"] = texts.Format(SessionTexts.FinishTitle, session.Number),
            ["summary"] = unanswered == 0
                ? texts.Format(SessionTexts.FinishAllAnswered, guide.QuestionCount)
                : texts.Format(SessionTexts.FinishUnanswered, unanswered, guide.QuestionCount),
            ["requiredTitle"] = requiredCount == 0 ? "" : texts.Format(SessionTexts.FinishRequired, requiredCount),
            ["required"] = required,
            ["otherTitle"] = otherCount == 0 ? "" : texts.Format(SessionTexts.FinishOther, otherCount),
            ["other"] = other,
            ["hint"] = texts[SessionTexts.FinishReopenHint],
        });
    }

    /// <summary>«finalizada por Ana (04-05-2026 10:00) · reabierta por Carlos (…)»: the latest finishes and reopens.</summary>
    public string HistoryText(Session session) =>
        string.Join(" · ", session.History.TakeLast(HistoryShown).Select(e => texts.Format(
            e.Kind == SessionEventKind.Finished ? SessionTexts.HistoryFinished : SessionTexts.HistoryReopened, e.By.Name, ChileTime.Moment(e.At))));
}
