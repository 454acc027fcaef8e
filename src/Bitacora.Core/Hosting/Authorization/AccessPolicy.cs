using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Hosting.Authorization;

/// <summary>Who a policy lets through before any scope is looked at.</summary>
public enum PolicyKind
{
    /// <summary>Anybody, registered or not (help, "quién soy", «mis compromisos», buttons that stand for a typed command).</summary>
    Anyone,

    /// <summary>A registered person holding one of <see cref="AccessPolicy.Roles"/> within the object's scope.</summary>
    Roles,
}

/// <summary>
/// A named rule of the authorization model (README "Security" → "Authorization model"). Its refusals are the texts
/// "auth.policy.{Name}.any" (the person holds none of the roles anywhere) and "auth.policy.{Name}.scope" (they hold one,
/// but not for the object's territory/region/unit) in Content/Texts/es-CL.json.
/// </summary>
public sealed record AccessPolicy(string Name, PolicyKind Kind, IReadOnlyList<Role> Roles)
{
    public override string ToString() => Kind == PolicyKind.Roles ? $"{Name} ({string.Join("|", Roles)})" : Name;
}

/// <summary>The policies of the model. Every command and card action names one of these in its <see cref="AccessRule"/>.</summary>
public static class Policies
{
    public static AccessPolicy Anyone { get; } = new(nameof(Anyone), PolicyKind.Anyone, []);

    /// <summary>Start a session, answer it, move it, pause/resume/finish it: the territorial team of the session's territory.</summary>
    public static AccessPolicy RunSession { get; } = Of(nameof(RunSession),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>Open, fill in, close and download a territory's logbook (bitácora del ETT): its territorial team.</summary>
    public static AccessPolicy KeepLogbook { get; } = Of(nameof(KeepLogbook),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>Record a commitment for a unit: the territorial team of the unit's territory.</summary>
    public static AccessPolicy CreateCommitment { get; } = Of(nameof(CreateCommitment),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>Cumplido / fuerza mayor / nueva fecha: the unit's directive team and the territorial team of its territory.</summary>
    public static AccessPolicy ChangeCommitment { get; } = Of(nameof(ChangeCommitment),
        Role.EquipoDirectivo, Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>Request a force-majeure adjustment of a unit's commitments: its directive team (a responsible passes as owner).</summary>
    public static AccessPolicy RequestForceMajeure { get; } = Of(nameof(RequestForceMajeure), Role.EquipoDirectivo);

    /// <summary>Approve, reject or ask more about a force-majeure request: the unit's territorial team and coordinators.</summary>
    public static AccessPolicy ReviewForceMajeure { get; } = Of(nameof(ReviewForceMajeure),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial, Role.CoordinadorRegional);

    /// <summary>See a commitment: those who may change it, plus the region's coordinators and administrators.</summary>
    public static AccessPolicy ReadCommitment { get; } = Of(nameof(ReadCommitment),
        Role.EquipoDirectivo, Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial, Role.CoordinadorRegional,
        Role.Administrador);

    /// <summary>Open and save a unit's rubric: the territorial team of the unit's territory (never the directive team).</summary>
    public static AccessPolicy ScoreRubric { get; } = Of(nameof(ScoreRubric),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>Coordination reports (pendientes, vencidos, participación, resumen, exportar) of a territory, region or unit.</summary>
    public static AccessPolicy Coordinate { get; } = Of(nameof(Coordinate),
        Role.CoordinadorTerritorial, Role.CoordinadorRegional, Role.Administrador);

    /// <summary>The semester feedback summary of a unit or territory.</summary>
    public static AccessPolicy ReadSemesterSummary { get; } = Of(nameof(ReadSemesterSummary),
        Role.EquipoDirectivo, Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial, Role.CoordinadorRegional,
        Role.Administrador);

    /// <summary>Draft the «Comentarios del/la profesional» of a unit's or territory's informe sintético: its territorial team.</summary>
    public static AccessPolicy DraftSummaryComments { get; } = Of(nameof(DraftSummaryComments),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.CoordinadorTerritorial);

    /// <summary>A territory's background card.</summary>
    public static AccessPolicy ViewTerritory { get; } = Of(nameof(ViewTerritory),
        Role.AsesorEtt, Role.ProfesionalUatp, Role.EquipoDirectivo, Role.CoordinadorTerritorial, Role.CoordinadorRegional,
        Role.Administrador);

    /// <summary>Who is registered in a territory.</summary>
    public static AccessPolicy ListPeople { get; } = Of(nameof(ListPeople),
        Role.CoordinadorTerritorial, Role.CoordinadorRegional, Role.Administrador);

    /// <summary>Edit the registry (territory form).</summary>
    public static AccessPolicy Administer { get; } = Of(nameof(Administer), Role.Administrador);

    public static IReadOnlyList<AccessPolicy> All { get; } =
    [
        Anyone, RunSession, KeepLogbook, CreateCommitment, ChangeCommitment, RequestForceMajeure, ReviewForceMajeure, ReadCommitment,
        ScoreRubric, Coordinate, ReadSemesterSummary, DraftSummaryComments, ViewTerritory, ListPeople, Administer,
    ];

    /// <summary>The refusal text keys every role policy needs (checked at start-up).</summary>
    public static IEnumerable<string> TextKeys =>
        All.Where(p => p.Kind == PolicyKind.Roles).SelectMany(p => new[] { AnyKey(p), ScopeKey(p) });

    public static string AnyKey(AccessPolicy policy) => $"auth.policy.{policy.Name}.any";

    public static string ScopeKey(AccessPolicy policy) => $"auth.policy.{policy.Name}.scope";

    private static AccessPolicy Of(string name, params Role[] roles) => new(name, PolicyKind.Roles, roles);
}
