using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 11, item 1: no card of the meeting flow outgrows Teams. Every section of both shipped guides is rendered with
/// every field at its maximum length (4 000-character answers and 1 000-character notes everywhere, a full table of
/// 200 rows of 4 000-character cells, previous values kept, a maximal objective, errors under every question) and must
/// stay within the design budget, measured as Teams measures it (UTF-16, with the activity around the card).
/// </summary>
public sealed class CardBudgetTests
{
    private static readonly CardCatalog Catalog = CardCatalog.Load(RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Cards"));
    private static readonly SessionCards Cards = new(Catalog, ShippedGuides.Catalog, ShippedSessionTexts.Texts);
    private static readonly Participant Someone = new("aad-" + new string('x', 36), "María José de las Mercedes Fernández Valenzuela");
    private static readonly DateTimeOffset At = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Sections()
    {
        var data = new TheoryData<string, string>();
        foreach (var guide in ShippedGuides.Catalog.Guides)
        {
            foreach (var section in guide.Sections) data.Add(guide.Id, section.Id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_worst_case_section_card_fits_the_design_budget(string guideId, string sectionId)
    {
        var (view, section) = WorstCase(guideId, sectionId);
        var card = Cards.Section(view, SectionFeedback.Note(new string('n', 300), true));

        var size = CardBudget.Measure(card);
        Assert.True(size <= CardBudget.DesignBytes, $"{guideId}/{sectionId}: {size} bytes (UTF-16) > {CardBudget.DesignBytes}");
        // Nothing is cut without a way to see it: an answer not shown whole offers «Ver completo».
        var json = card.ToJsonString();
        foreach (var q in section.Questions.Where(q => q.Kind is QuestionKind.Open or QuestionKind.Table))
        {
            var whole = q.Kind == QuestionKind.Open && MeetingDriver.InputValue(card, SessionCards.ValueInput(q.Id))?.Length == AnswerRules.MaxTextLength;
            Assert.True(whole || json.Contains($"\"questionId\":\"{q.Id}\"", StringComparison.Ordinal), q.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Even_with_an_error_and_a_typed_answer_under_every_question_the_card_is_deliverable(string guideId, string sectionId)
    {
        var (view, section) = WorstCase(guideId, sectionId);
        // The longest error message of the texts file (typed text is echoed at most 40 characters); the typed text
        // itself stays in its input, whole: nothing typed is lost, so this is the one case allowed above the design.
        var errors = section.Questions.ToDictionary(q => q.Id, _ => new string('e', 160));
        var typed = section.Questions.Where(q => q.Kind == QuestionKind.Open).ToDictionary(q => SessionCards.ValueInput(q.Id), _ => new string('t', 1500));
        var card = Cards.Section(view, new SectionFeedback(new string('n', 300), true, errors, typed));
        Assert.True(CardBudget.Measure(card) <= CardBudget.MaxBytes);
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_worst_case_ver_completo_card_of_every_question_fits_the_design_budget(string guideId, string sectionId)
    {
        var (view, section) = WorstCase(guideId, sectionId);
        foreach (var question in section.Questions)
        {
            var card = Cards.Question(view, question, null);
            var size = CardBudget.Measure(card);
            Assert.True(size <= CardBudget.DesignBytes, $"{guideId}/{question.Id}: {size} bytes > {CardBudget.DesignBytes}");
            if (question.Kind == QuestionKind.Open)
            {
                // The whole answer is in the input, ready to edit.
                Assert.Contains(new string('a', AnswerRules.MaxTextLength - 1), card.ToJsonString());
            }
        }
    }

    [Theory]
    [InlineData("dep-ejecucion-evaluacion")]
    [InlineData("junji-bitacora-ett")]
    public void The_summary_and_the_finish_question_fit_the_design_budget_at_their_worst(string guideId)
    {
        var guide = ShippedGuides.Catalog.Find(guideId)!;
        var (view, _) = WorstCase(guideId, guide.Sections[0].Id);
        var events = Enumerable.Range(0, Session.MaxHistory).Select(i => new SessionEvent(i % 2 == 0 ? SessionEventKind.Finished : SessionEventKind.Reopened, Someone, At));
        var session = view.Session with { Status = SessionStatus.Finished, History = new SessionHistory([.. events]) };
        // Every question answered at its maximum, 60 people, 40 commitments with the longest texts the form accepts.
        var answers = guide.Questions.Select(q => new Answer(session.Id, q.Id, MaxValue(q), new string('n', AnswerRules.MaxNoteLength), Someone, At, guide.Version, 7)).ToList();
        var people = Enumerable.Range(0, 60).Select(i => new Participant("aad-" + i, Someone.Name + " " + i));
        var commitments = Enumerable.Range(0, 40).Select(i => new SessionCommitmentLine(new string('c', 500), Someone.Name, new DateOnly(2026, 6, 1))).ToList();
        // 200 people marked present (members and guests typed by name, at the longest name a guest may have).
        var present = Enumerable.Range(0, 200).Select(i => new string('p', 118) + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)[..2]).ToList();
        var summary = Cards.Summary(SessionSummary.Build(session, guide, answers, people), commitments, "Sesión finalizada.", present);
        Assert.Contains("Presentes (200): ", summary.ToJsonString());
        Assert.True(CardBudget.Measure(summary) <= CardBudget.DesignBytes, $"{guideId} summary: {CardBudget.Measure(summary)} bytes");

        // Nothing answered: every question is listed on the «¿Finalizar?» card (the required ones by name).
        var ask = Cards.FinishConfirm(session with { Status = SessionStatus.Active }, guide, SessionTally.Empty, session.Version);
        Assert.True(CardBudget.Measure(ask) <= CardBudget.DesignBytes, $"{guideId} finish question: {CardBudget.Measure(ask)} bytes");
    }

    [Fact]
    public void Actions_carry_a_compact_reference_not_copies_of_the_answers()
    {
        var (view, section) = WorstCase("dep-ejecucion-evaluacion", "ejecucion-condiciones");
        var card = Cards.Section(view, SectionFeedback.None);
        var data = MeetingDriver.Actions(card).Select(a => a["data"]!.ToJsonString()).ToList();
        Assert.NotEmpty(data);
        Assert.All(data, d => Assert.True(d.Length < 400, d));
        var rev = MeetingDriver.ActionData(card, "session.answer")["rev"]!.GetValue<string>();
        Assert.Equal(section.Questions.Length, rev.Split('.').Length);
    }

    [Fact]
    public void The_envelope_allowance_covers_a_real_Teams_activity()
    {
        // The largest activity envelope the bot sends: a reply in a channel thread with long Teams ids.
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "1:" + new string('1', 60),
            ["serviceUrl"] = "https://smba.trafficmanager.net/amer/" + Guid.NewGuid(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "28:" + Guid.NewGuid(), ["name"] = "Bitácora" },
            ["recipient"] = new JsonObject { ["id"] = "29:" + new string('r', 120), ["name"] = Someone.Name, ["aadObjectId"] = Guid.NewGuid().ToString() },
            ["conversation"] = new JsonObject
            {
                ["id"] = "19:" + new string('c', 40) + "@thread.tacv2;messageid=" + new string('9', 13),
                ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Guid.NewGuid().ToString(),
            },
            ["replyToId"] = new string('9', 13),
            ["locale"] = "es-CL",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = new JsonObject() }),
        };
        Assert.True(activity.ToJsonString().Length < CardBudget.EnvelopeChars, activity.ToJsonString().Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_card_above_the_ceiling_is_never_rendered()
    {
        var huge = new string('x', CardBudget.MaxBytes / 2);
        var ex = Assert.Throws<CardTooLargeException>(() => Catalog.Render("help", new JsonObject { ["intro"] = huge, ["groups"] = new JsonArray() }));
        Assert.True(ex.Bytes > CardBudget.MaxBytes);
    }

    internal static (SectionView View, GuideSection Section) WorstCase(string guideId, string sectionId)
    {
        var guide = ShippedGuides.Catalog.Find(guideId)!;
        var section = guide.FindSection(sectionId)!;
        var session = new Session
        {
            Id = "territory%3A16-1/" + new string('0', 19) + "~2026~0001",
            Scope = SessionScope.Territory("16-1", new string('T', 120)),
            Unit = new SessionUnit("junji:16101001", new string('U', 120)),
            GuideId = guide.Id, GuideVersion = guide.Version, Period = "2026", Number = 999,
            Date = new DateOnly(2026, 5, 4), Objective = new string('o', 1000), Strategy = new string('s', 1000),
            StartedBy = Someone, CreatedAt = At, UpdatedAt = At, Version = 99,
            CurrentSectionIndex = guide.IndexOfSection(sectionId),
        };
        var answers = section.Questions.ToDictionary(q => q.Id, q => new Answer(session.Id, q.Id, MaxValue(q), new string('n', AnswerRules.MaxNoteLength),
            Someone, At, guide.Version, 7) { Previous = new AnswerPrevious(MaxValue(q), new string('p', AnswerRules.MaxNoteLength), Someone, At) });
        var tally = SessionTally.From(guide.Questions.Select(q => new Answer(session.Id, q.Id, new TextAnswer("x"), null, Someone, At, 1, 1)));
        return (new SectionView(session, guide, guide.IndexOfSection(sectionId), answers, tally), section);
    }

    private static AnswerValue MaxValue(GuideQuestion q) => q.Kind switch
    {
        QuestionKind.Open => new TextAnswer(new string('a', AnswerRules.MaxTextLength)),
        QuestionKind.Closed => new ClosedAnswer(ClosedOptions.Partially),
        QuestionKind.SingleChoice => new ChoiceAnswer([q.Options.MaxBy(o => o.Text.Length)!.Id]),
        QuestionKind.MultiChoice => new ChoiceAnswer([.. q.Options.Select(o => o.Id)]),
        QuestionKind.Date => new DateAnswer(new DateOnly(2026, 12, 31)),
        QuestionKind.Number => new NumberAnswer(-123456789012.99m),
        QuestionKind.Table => new TableAnswer([.. Enumerable.Range(0, AnswerRules.MaxTableRows).Select(i => new TableRow(
            i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture), q.Columns.ToImmutableSortedDictionary(c => c.Id, _ => new string('c', AnswerRules.MaxTextLength), StringComparer.Ordinal)))]),
        _ => throw new InvalidOperationException(q.Kind.ToString()),
    };
}
