using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bitacora.Bot.Guides;

/// <summary>
/// A guide as shipped in Content/Guides/*.json: the official guiding questions of one source document, with stable ids
/// so stored answers (question id + guide version) survive corrections of the texts.
/// Instances are only produced by <see cref="GuideLoader"/> after validation, so the invariants (unique ids, known kinds,
/// options where needed) hold for every guide the bot sees.
/// </summary>
public sealed record Guide
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required GuideSource Source { get; init; }
    public string? Description { get; init; }
    public ImmutableArray<GuideStage> Stages { get; init; } = [];
    public ImmutableArray<GuideSection> Sections { get; init; } = [];
    public Rubric? Rubric { get; init; }

    private FrozenDictionary<string, (GuideSection Section, GuideQuestion Question)>? _questions;

    private FrozenDictionary<string, (GuideSection Section, GuideQuestion Question)> QuestionIndex =>
        _questions ??= Sections
            .SelectMany(s => s.Questions.Select(q => KeyValuePair.Create(q.Id, (s, q))))
            .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every question, in guide order.</summary>
    [JsonIgnore]
    public IEnumerable<GuideQuestion> Questions => Sections.SelectMany(s => s.Questions);

    [JsonIgnore]
    public int QuestionCount => QuestionIndex.Count;

    public GuideQuestion? FindQuestion(string questionId) =>
        QuestionIndex.TryGetValue(questionId, out var entry) ? entry.Question : null;

    public GuideSection? SectionOf(string questionId) =>
        QuestionIndex.TryGetValue(questionId, out var entry) ? entry.Section : null;

    public GuideSection? FindSection(string sectionId) => Sections.FirstOrDefault(s => s.Id == sectionId);

    public int IndexOfSection(string sectionId) => Sections.IndexOf(Sections.FirstOrDefault(s => s.Id == sectionId)!);

    public GuideStage? FindStage(string stageId) => Stages.FirstOrDefault(s => s.Id == stageId);

    /// <summary>
    /// True for a period logbook (JUNJI): a guide with a <see cref="GuideSection.Repeatable"/> record section. Its
    /// other sections are filled once per territory and period (Logbook/), the record at every meeting.
    /// </summary>
    [JsonIgnore]
    public bool IsLogbook => Sections.Any(s => s.Repeatable);

    /// <summary>The same guide restricted to some sections (the question index is rebuilt for them).</summary>
    public Guide WithSections(IEnumerable<GuideSection> sections) => this with { Sections = [.. sections], _questions = null };

    /// <summary>What a meeting walks through: the whole guide, or only the per-meeting record of a logbook guide.</summary>
    public Guide MeetingView() => IsLogbook ? WithSections(Sections.Where(s => s.Repeatable)) : this;

    /// <summary>What the period logbook holds: the sections that are not per-meeting records.</summary>
    public Guide PeriodView() => WithSections(Sections.Where(s => !s.Repeatable));

    public bool Equals(Guide? other) => other is not null && other.Id == Id && other.Version == Version;

    public override int GetHashCode() => HashCode.Combine(Id, Version);
}

/// <summary>Which seed document a guide was written from.</summary>
public sealed record GuideSource
{
    public required string File { get; init; }
    public string? Publisher { get; init; }
    public string? Document { get; init; }
}

/// <summary>A stage of the source's cycle (e.g. Ejecución), with its objective and expected results.</summary>
public sealed record GuideStage
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Objective { get; init; }
    public ImmutableArray<string> Actions { get; init; } = [];
    public StageScheme? Scheme { get; init; }
    public ImmutableArray<string> Inputs { get; init; } = [];
    public ImmutableArray<string> Methodology { get; init; } = [];
    public ImmutableArray<string> ExpectedResults { get; init; } = [];
}

public sealed record StageScheme
{
    public ImmutableArray<string> Steps { get; init; } = [];
    public ImmutableArray<string> Actors { get; init; } = [];
}

public enum SectionKind
{
    Background,
    Organization,
    Planning,
    Implementation,
    Record,
    Evaluation,
    Component,
}

/// <summary>One card of the meeting flow: a component, a planning block, a per-session record…</summary>
public sealed record GuideSection
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required SectionKind Kind { get; init; }
    /// <summary>The <see cref="GuideStage.Id"/> this section belongs to, if the source groups sections in stages.</summary>
    public string? Stage { get; init; }
    public string? Description { get; init; }
    /// <summary>"Responsable principal" where the source names one.</summary>
    public string? Responsible { get; init; }
    public string? Help { get; init; }
    /// <summary>True for records filled once per meeting (e.g. "Registro Comunidad de Aprendizaje N°k").</summary>
    public bool Repeatable { get; init; }
    public ImmutableArray<GuideQuestion> Questions { get; init; } = [];
}

public enum QuestionKind
{
    /// <summary>Sí / No / Parcialmente, with an optional suggestion shown for No and Parcialmente.</summary>
    Closed,
    Open,
    Date,
    Number,
    SingleChoice,
    MultiChoice,
    /// <summary>Rows added by the users; each row has one cell per column.</summary>
    Table,
}

public sealed record GuideQuestion
{
    public required string Id { get; init; }
    public required QuestionKind Kind { get; init; }
    /// <summary>The stem shared by several questions in the source, e.g. "El equipo directivo y/o los profesionales a cargo:".</summary>
    public string? Lead { get; init; }
    public required string Text { get; init; }
    public bool Required { get; init; }
    public string? Help { get; init; }
    /// <summary>Closed questions only: what the card suggests when the answer is No or Parcialmente.</summary>
    public string? Suggestion { get; init; }
    public ImmutableArray<ChoiceOption> Options { get; init; } = [];
    public ImmutableArray<TableColumn> Columns { get; init; } = [];
    /// <summary>Number questions: bounds and whether decimals are allowed.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public bool Integer { get; init; }

    /// <summary>The options a user picks from: the fixed Sí / No / Parcialmente for closed questions, else the guide's.</summary>
    [JsonIgnore]
    public ImmutableArray<ChoiceOption> Choices => Kind == QuestionKind.Closed ? ClosedOptions.All : Options;

    /// <summary>Whether the card shows <see cref="Suggestion"/> for the chosen option.</summary>
    public bool ShowsSuggestionFor(string? optionId) =>
        Kind == QuestionKind.Closed && Suggestion is not null && optionId is ClosedOptions.No or ClosedOptions.Partially;
}

public sealed record ChoiceOption
{
    public required string Id { get; init; }
    public required string Text { get; init; }
}

public enum ColumnKind
{
    Open,
    Date,
    Number,
    Closed,
    SingleChoice,
}

public sealed record TableColumn
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required ColumnKind Kind { get; init; }
    public bool Required { get; init; }
    public ImmutableArray<ChoiceOption> Options { get; init; } = [];
}

/// <summary>The fixed options of a closed question; ids are stored with answers, so they never change.</summary>
public static class ClosedOptions
{
    public const string Yes = "si";
    public const string No = "no";
    public const string Partially = "parcialmente";

    public static ImmutableArray<ChoiceOption> All { get; } =
    [
        new() { Id = Yes, Text = "Sí" },
        new() { Id = No, Text = "No" },
        new() { Id = Partially, Text = "Parcialmente" },
    ];
}

/// <summary>Criteria × levels with a descriptor in every cell (e.g. the DEP 4 × 3 rubric).</summary>
public sealed record Rubric
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public ImmutableArray<RubricLevel> Levels { get; init; } = [];
    public ImmutableArray<RubricCriterion> Criteria { get; init; } = [];

    public RubricCriterion? FindCriterion(string criterionId) => Criteria.FirstOrDefault(c => c.Id == criterionId);

    public RubricLevel? FindLevel(string levelId) => Levels.FirstOrDefault(l => l.Id == levelId);
}

public sealed record RubricLevel
{
    public required string Id { get; init; }
    public required string Title { get; init; }
}

public sealed record RubricCriterion
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public ImmutableArray<RubricDescriptor> Descriptors { get; init; } = [];

    public string? DescriptorFor(string levelId) => Descriptors.FirstOrDefault(d => d.Level == levelId)?.Text;
}

public sealed record RubricDescriptor
{
    public required string Level { get; init; }
    public required string Text { get; init; }
}
