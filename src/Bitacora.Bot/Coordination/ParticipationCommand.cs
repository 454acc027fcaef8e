using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Coordination;

/// <summary>«participación [filtros]»: sessions of the period per territory, with participants per session, per person and per unit.</summary>
public sealed class ParticipationCommand(CoordinationServices services) : CoordinationCommand(services), IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["participación", "participacion en sesiones"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var territories = CoordinationTally.Participation(await Services.Reader.SessionsAsync(scope, ct));
        var sections = territories.SelectMany(t => new[] { TerritorySection(t), PeopleSection(t) }).ToList();
        var (more, hint) = Cap(CoordinationTally.LongestList(territories), "participación");
        var charts = territories.SelectMany(t => new[]
            {
                Services.Charts.ParticipantsPerSession(Heading(t), t.Sessions),
                Services.Charts.PresentVersusAnswered(Heading(t), t.Sessions),
            })
            .OfType<JsonObject>();
        return CardCharts.InsertAfterHeader(Services.Cards.Render(new CoordinationReportCard(
            Title: Texts.Format(CoordinationTexts.ParticipationTitle, Texts.Period(scope.Period)),
            Subtitle: scope.Description,
            Empty: Texts.Format(CoordinationTexts.ParticipationEmpty, scope.Description, Texts.Period(scope.Period)),
            Sections: sections,
            More: more,
            Hint: hint)), charts);
    }

    private string Heading(TerritoryParticipation t) =>
        Texts.Format(CoordinationTexts.TerritoryHeading, t.Territory.Id, t.Territory.Name);

    private CoordinationSection TerritorySection(TerritoryParticipation t)
    {
        var facts = new List<CoordinationFact>
        {
            new(Texts[CoordinationTexts.FactSessions], N(t.Sessions.Count)),
            new(Texts[CoordinationTexts.FactDistinctPeople], N(t.People.Count)),
            new(Texts[CoordinationTexts.FactAnswers], N(t.Answers)),
        };
        if (t.PresentPeople is { } present)
        {
            facts.Add(new(Texts[CoordinationTexts.FactPresentPeople], N(present)));
        }
        facts.AddRange(t.SessionsPerUnit.Select(u => new CoordinationFact(u.Unit, Count(u.Sessions, CoordinationTexts.Sessions))));
        var lines = t.Sessions.Take(MaxItems).Select(s => new CoordinationLine(Texts.Format(CoordinationTexts.SessionLine,
                s.Session.Number,
                s.Session.Unit is { } u ? Texts.Format(CoordinationTexts.DateAndUnit, ChileTime.ShortDate(s.Session.Date), u.Name) : ChileTime.ShortDate(s.Session.Date),
                Count(s.Participants.Count, CoordinationTexts.Participants),
                Count(s.AnswerCount, CoordinationTexts.Answers))
            + Attendance(s))).ToList();
        return new CoordinationSection(Heading(t), facts, lines);
    }

    private CoordinationSection PeopleSection(TerritoryParticipation t) =>
        new(Texts[CoordinationTexts.SessionsPerPerson], t.People.Take(MaxItems).Select(p => new CoordinationFact(p.Name, N(p.Sessions))).ToList(), []);

    /// <summary>" · 3 presentes (2 respondieron)" when attendance was taken; "" otherwise (older sessions).</summary>
    private string Attendance(SessionFacts s) => s.Present.Count == 0 ? "" :
        Texts.Plural(CoordinationTexts.PresentLine, s.Present.Count, N(s.Present.Count), N(s.PresentRespondents));
}
