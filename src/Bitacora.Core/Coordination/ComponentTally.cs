using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// One set of answers to (part of) a guide: a meeting's session (its <see cref="Guide.MeetingView"/> sections) or a
/// period logbook (JUNJI: its <see cref="Guide.PeriodView"/> sections, filled once per territory and period).
/// </summary>
public sealed record GuideFilling(Guide Guide, bool IsLogbook, IReadOnlyList<Answer> Answers)
{
    /// <summary>The sections this filling answers.</summary>
    public IEnumerable<GuideSection> Sections => (IsLogbook ? Guide.PeriodView() : Guide.MeetingView()).Sections;
}

/// <summary>
/// What the period's answers say about one component / stage section: for DEP (components of Ejecución and
/// Evaluación) the Sí / Parcialmente / No of its closed questions; for every guide how many of its other questions
/// were answered. <see cref="Times"/>: how many sessions (or logbooks) asked it.
/// </summary>
public sealed record ComponentTallyRow(
    string GuideId,
    string GuideName,
    string? Stage,
    string Component,
    bool FromLogbook,
    int Times,
    int Yes,
    int Partially,
    int No,
    int ClosedAsked,
    int OtherAnswered,
    int OtherAsked)
{
    /// <summary>Closed questions asked but left without Sí / No / Parcialmente.</summary>
    public int ClosedUnanswered => ClosedAsked - Yes - Partially - No;

    public bool HasClosed => ClosedAsked > 0;

    public bool HasOther => OtherAsked > 0;

    /// <summary>«Ejecución · Condiciones»: the stage without «Etapa de», then the component (alone when the stage already names it).</summary>
    public string Label
    {
        get
        {
            if (Stage is not { Length: > 0 } stage) return Component;
            var shortStage = stage.StartsWith("Etapa de ", StringComparison.OrdinalIgnoreCase) ? stage["Etapa de ".Length..] : stage;
            return shortStage.Contains(Component, StringComparison.OrdinalIgnoreCase) ? shortStage : $"{shortStage} · {Component}";
        }
    }
}

/// <summary>
/// The per-component tally of «resumen» and the informe sintético: per guide used in the period, per section that
/// belongs to a stage of its source (DEP components; JUNJI planificación, implementación, registro N°k, evaluación),
/// in guide order. Background sections (antecedentes, dotación, organización) are not components and are left out.
/// Answers to questions the guide no longer has (older versions) are ignored; a section nobody was asked is left out.
/// </summary>
public static class ComponentTally
{
    public static IReadOnlyList<ComponentTallyRow> Compute(IEnumerable<GuideFilling> fillings)
    {
        var rows = new List<ComponentTallyRow>();
        foreach (var byGuide in fillings.GroupBy(f => f.Guide.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var guide = byGuide.First().Guide;
            foreach (var section in guide.Sections.Where(IsComponent))
            {
                var asking = byGuide.Where(f => f.Sections.Any(s => s.Id == section.Id)).ToList();
                if (asking.Count == 0) continue;
                var closed = section.Questions.Where(q => q.Kind == QuestionKind.Closed).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
                var other = section.Questions.Where(q => q.Kind != QuestionKind.Closed).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
                int yes = 0, partially = 0, no = 0, otherAnswered = 0;
                foreach (var answer in asking.SelectMany(f => f.Answers))
                {
                    if (closed.Contains(answer.QuestionId) && answer.Value is ClosedAnswer { OptionId: var option })
                    {
                        switch (option)
                        {
                            case ClosedOptions.Yes: yes++; break;
                            case ClosedOptions.Partially: partially++; break;
                            case ClosedOptions.No: no++; break;
                        }
                    }
                    else if (other.Contains(answer.QuestionId) && !answer.Value.IsEmpty)
                    {
                        otherAnswered++;
                    }
                }
                var fromLogbook = asking.All(f => f.IsLogbook);
                rows.Add(new ComponentTallyRow(guide.Id, ShortName(guide), section.Stage is { } stageId ? guide.FindStage(stageId)?.Title : null, section.Title,
                    fromLogbook, asking.Count, yes, partially, no, closed.Count * asking.Count, otherAnswered, other.Count * asking.Count));
            }
        }
        return rows;
    }

    /// <summary>The publisher's acronym («DEP», «JUNJI» from «… (DEP)»), else the guide's title: what tells two guides' rows apart.</summary>
    public static string ShortName(Guide guide) =>
        guide.Source.Publisher is { } p && p.TrimEnd().EndsWith(')') && p.LastIndexOf('(') is var open and >= 0
            ? p[(open + 1)..p.TrimEnd().LastIndexOf(')')].Trim()
            : guide.Title;

    /// <summary>A DEP component, or a section the source places in one of its stages.</summary>
    public static bool IsComponent(GuideSection section) => section.Kind == SectionKind.Component || section.Stage is not null;
}
