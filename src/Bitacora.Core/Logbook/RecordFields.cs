namespace Bitacora.Bot.Logbook;

/// <summary>
/// The question ids of the JUNJI guide the logbook gives a role to (junji-bitacora-ett.json). The record's Fecha /
/// Objetivo / Estrategia are the start form's (stored as the record's answers when it starts, never asked twice); the
/// two projections are what the next record shows as «viene del Registro N°k-1»; the topics table is what records tick
/// as addressed; the total of projected CAETT decides when the evaluation is offered.
/// </summary>
public static class RecordFields
{
    public const string Date = "rc-fecha";
    public const string Objective = "rc-objetivo";
    public const string Strategy = "rc-estrategia";
    public const string ProjectionsUnits = "rc-proyecciones-ue";
    public const string ProjectionsTeam = "rc-proyecciones-ett";
    public const string Topics = "tematicas-caett";
    public const string ProjectedTotal = "total-caett-proyectadas";

    /// <summary>Not a guide question: a record's answer listing the ids of the topic rows it addressed.</summary>
    public const string TopicsAddressed = "logbook-tematicas-abordadas";
}
