using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Benchmarks.Cards;

/// <summary>
/// What the bot pays for one section card of an answer turn: <see cref="SessionCards.Section"/> (the data, the
/// <see cref="CardCatalog"/> expansion, the budget measure and, when answers are long, the degraded re-renders) and,
/// optionally, the activity serialized as the connector sends it. The same code runs against this build and, in its own
/// load context, against an older build of the bot (<see cref="BotCardComparison"/>): keep to the bot's public API.
/// </summary>
public static class BotCardPath
{
    /// <summary>The DEP section with the most questions.</summary>
    private const string GuideId = "dep-ejecucion-evaluacion";

    /// <summary>
    /// A renderer of <paramref name="scenario"/> ("worst": every answer at its maximum length with a note and a previous
    /// value, the card degrades; "typical": answers of a few hundred characters). <paramref name="walkPerCard"/> loads
    /// the catalog that walks every card to add the fallbacks, as before (this build only). The function renders n
    /// cards and returns the last one serialized (or null without serializing).
    /// </summary>
    public static Func<int, bool, byte[]?> Create(string contentFolder, string scenario, bool walkPerCard)
    {
        var cardsFolder = Path.Combine(contentFolder, "Cards");
        var catalog = walkPerCard ? LoadWalked(cardsFolder) : CardCatalog.Load(cardsFolder);
        var guides = GuideCatalog.Load(Path.Combine(contentFolder, "Guides"));
        var cards = new SessionCards(catalog, guides, SessionTexts.Load(Path.Combine(contentFolder, "Texts")));
        var guide = guides.Get(GuideId);
        var section = guide.Sections.MaxBy(s => s.Questions.Length)!;
        var view = View(guide, section, scenario == "worst");
        var feedback = SectionFeedback.Note("Respuesta guardada.");
        return (n, serialize) =>
        {
            byte[]? last = null;
            for (var i = 0; i < n; i++)
            {
                var card = cards.Section(view, feedback);
                // The PUT to everyone (ConnectorClient serializes the activity so).
                last = serialize ? JsonSerializer.SerializeToUtf8Bytes(Activity.CreateCard(card), BotJson.Options) : null;
            }
            return last;
        };
    }

    // Its own method: an older build has no such overload, and it is compiled only when called.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CardCatalog LoadWalked(string folder) => CardCatalog.Load(folder, fallbacksInTemplates: false);

    private static SectionView View(Guide guide, GuideSection section, bool worst)
    {
        var someone = new Participant("aad-" + new string('x', 36), "María José de las Mercedes Fernández Valenzuela");
        var at = new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);
        var session = new Session
        {
            Id = "territory%3A16-1/" + new string('0', 19) + "~2026~0001",
            Scope = SessionScope.Territory("16-1", "Territorio Ñuble Norte"),
            Unit = new SessionUnit("junji:16101001", "Jardín Infantil Los Copihues"),
            GuideId = guide.Id, GuideVersion = guide.Version, Period = "2026", Number = 12,
            Date = new DateOnly(2026, 5, 4),
            Objective = worst ? new string('o', 1000) : "Revisar las condiciones para la ejecución del plan de mejora con el equipo directivo.",
            Strategy = worst ? new string('s', 1000) : "Reunión con el equipo directivo",
            StartedBy = someone, CreatedAt = at, UpdatedAt = at, Version = 9,
            CurrentSectionIndex = guide.IndexOfSection(section.Id),
        };
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        var i = 0;
        foreach (var q in section.Questions)
        {
            i++;
            if (worst)
            {
                answers[q.Id] = new Answer(session.Id, q.Id, Value(q, AnswerRules.MaxTextLength, AnswerRules.MaxTableRows), new string('n', AnswerRules.MaxNoteLength),
                    someone, at, guide.Version, 7)
                { Previous = new AnswerPrevious(Value(q, AnswerRules.MaxTextLength, AnswerRules.MaxTableRows), new string('p', AnswerRules.MaxNoteLength), someone, at) };
            }
            else
            {
                answers[q.Id] = new Answer(session.Id, q.Id, Value(q, 320, 3), i % 3 == 0 ? "Se conversa con la directora; queda pendiente revisar el acta." : null,
                    someone, at, guide.Version, 2);
            }
        }
        var tally = SessionTally.From(guide.Questions.Select(q => new Answer(session.Id, q.Id, new TextAnswer("x"), null, someone, at, 1, 1)));
        return new SectionView(session, guide, guide.IndexOfSection(section.Id), answers, tally);
    }

    private static AnswerValue Value(GuideQuestion q, int textLength, int rows) => q.Kind switch
    {
        QuestionKind.Open => new TextAnswer(Text(textLength)),
        QuestionKind.Closed => new ClosedAnswer(ClosedOptions.Partially),
        QuestionKind.SingleChoice => new ChoiceAnswer([q.Options.MaxBy(o => o.Text.Length)!.Id]),
        QuestionKind.MultiChoice => new ChoiceAnswer([.. q.Options.Select(o => o.Id)]),
        QuestionKind.Date => new DateAnswer(new DateOnly(2026, 12, 31)),
        QuestionKind.Number => new NumberAnswer(-123456789012.99m),
        QuestionKind.Table => new TableAnswer([.. Enumerable.Range(0, rows).Select(i => new TableRow(
            i.ToString("D12", CultureInfo.InvariantCulture), q.Columns.ToImmutableSortedDictionary(c => c.Id, _ => Text(Math.Min(textLength, 120)), StringComparer.Ordinal)))]),
        _ => throw new InvalidOperationException(q.Kind.ToString()),
    };

    private static string Text(int length)
    {
        const string Words = "El equipo revisó los acuerdos de la sesión anterior y acordó priorizar la participación de las familias. ";
        var text = string.Concat(Enumerable.Repeat(Words, length / Words.Length + 1));
        return text[..length];
    }
}
