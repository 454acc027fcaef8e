using System.Collections.Immutable;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions;

/// <summary>Who answered a question and when (for "Respondió … · …" on the card).</summary>
public sealed record QuestionStatus(GuideQuestion Question, Answer? Answer)
{
    public bool IsAnswered => Answer is { Value.IsEmpty: false };
}

public sealed record SectionProgress(
    GuideSection Section,
    int Index,
    ImmutableArray<QuestionStatus> Questions)
{
    public int Total => Questions.Length;
    public int Answered => Questions.Count(q => q.IsAnswered);
    public IEnumerable<GuideQuestion> Unanswered => Questions.Where(q => !q.IsAnswered).Select(q => q.Question);
    public IEnumerable<GuideQuestion> MissingRequired => Unanswered.Where(q => q.Required);
}

/// <summary>k of n answered, per section and overall, computed from a guide and a session's current answers.</summary>
public sealed record SessionProgress(ImmutableArray<SectionProgress> Sections)
{
    public int Total => Sections.Sum(s => s.Total);
    public int Answered => Sections.Sum(s => s.Answered);
    /// <summary>Whole percent, rounded down so 100 means everything is answered.</summary>
    public int Percent => Total == 0 ? 0 : Answered * 100 / Total;

    public static SessionProgress Compute(Guide guide, IEnumerable<Answer> answers)
    {
        var byQuestion = answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        return new SessionProgress([.. guide.Sections.Select((section, index) => new SectionProgress(
            section,
            index,
            [.. section.Questions.Select(q => new QuestionStatus(q, byQuestion.GetValueOrDefault(q.Id)))]))]);
    }
}

public sealed record ParticipantSummary(Participant Participant, int AnswerCount);

/// <summary>
/// The end-of-session view: answers per section, what stayed unanswered, who took part (joined or answered), and answers
/// whose question no longer exists in the guide (kept, never silently dropped).
/// </summary>
public sealed record SessionSummary(
    Session Session,
    Guide Guide,
    SessionProgress Progress,
    ImmutableArray<(GuideSection Section, GuideQuestion Question)> Unanswered,
    ImmutableArray<ParticipantSummary> Participants,
    ImmutableArray<Answer> OrphanAnswers)
{
    public static SessionSummary Build(Session session, Guide guide, IReadOnlyList<Answer> answers, IEnumerable<Participant> participants)
    {
        var progress = SessionProgress.Compute(guide, answers);
        var counts = answers.Where(a => guide.FindQuestion(a.QuestionId) is not null)
            .GroupBy(a => a.Respondent.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().Respondent, g.Count()), StringComparer.Ordinal);
        var people = new List<ParticipantSummary>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in participants.Concat(counts.Values.Select(c => c.Respondent)))
        {
            if (seen.Add(p.Id))
            {
                people.Add(new ParticipantSummary(p, counts.TryGetValue(p.Id, out var c) ? c.Item2 : 0));
            }
        }
        return new SessionSummary(
            session,
            guide,
            progress,
            [.. progress.Sections.SelectMany(s => s.Unanswered.Select(q => (s.Section, q)))],
            [.. people.OrderBy(p => p.Participant.Name, StringComparer.Create(AnswerRules.Chile, ignoreCase: true))],
            [.. answers.Where(a => guide.FindQuestion(a.QuestionId) is null)]);
    }
}

/// <summary>
/// Which questions of each section are answered and who has answered, without the answers themselves: what a card
/// needs about the sections it does not show. Stored as one row next to the answers and changed in the same
/// transaction (see <see cref="AnswerRepository"/>).
/// </summary>
public sealed record SessionTally(IReadOnlySet<string> Answered, IReadOnlyList<Participant> Respondents)
{
    public static SessionTally Empty { get; } = new(new HashSet<string>(), []);

    public int AnsweredIn(GuideSection section) => section.Questions.Count(q => Answered.Contains(q.Id));

    /// <summary>The tally after <paramref name="questionId"/> was saved by <paramref name="respondent"/>.</summary>
    public SessionTally With(string questionId, bool answered, Participant respondent)
    {
        var set = new HashSet<string>(Answered, StringComparer.Ordinal);
        if (answered) set.Add(questionId);
        else set.Remove(questionId);
        var people = Respondents.Any(p => p.Id == respondent.Id) ? Respondents : [.. Respondents, respondent];
        return new SessionTally(set, people);
    }

    public static SessionTally From(IEnumerable<Answer> answers)
    {
        var tally = Empty;
        foreach (var answer in answers.OrderBy(a => a.AnsweredAt))
        {
            tally = tally.With(answer.QuestionId, !answer.Value.IsEmpty, answer.Respondent);
        }
        return tally;
    }
}
