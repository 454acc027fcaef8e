using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;

namespace Bitacora.Bot.Coordination;

/// <summary>The «pendientes» / «vencidos» card (template coordination-list): a list of commitments, capped.</summary>
public sealed record CoordinationListCard(
    string Title, string Subtitle, string Empty, IReadOnlyList<CoordinationListItem> Items, string More, string Hint)
{
    public const string Template = "coordination-list";
}

/// <summary>One commitment of a list: what and when, where and who, and a badge ("Vencido", "3 días") or "".</summary>
public sealed record CoordinationListItem(string Title, string Detail, string Badge);

/// <summary>The «participación» / «resumen» card (template coordination-report): sections of facts and lines, capped.</summary>
public sealed record CoordinationReportCard(
    string Title, string Subtitle, string Empty, IReadOnlyList<CoordinationSection> Sections, string More, string Hint)
{
    public const string Template = "coordination-report";
}

/// <summary>A heading with its facts (a FactSet) and its lines.</summary>
public sealed record CoordinationSection(string Heading, IReadOnlyList<CoordinationFact> Facts, IReadOnlyList<CoordinationLine> Lines);

public sealed record CoordinationFact(string Title, string Value);

public sealed record CoordinationLine(string Text);

