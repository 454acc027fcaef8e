using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Exports;

public static class ExportsCoreServices
{
    /// <summary>
    /// What «exportar» and `bitacora export` share: <see cref="ExportBuilder"/> and its sheets (the writers are static).
    /// Texts: Content/Texts/exports.es-CL.json (checked at start-up). Needs AddCoordinationCore and AddCommitmentsCore.
    /// </summary>
    public static IServiceCollection AddExportsCore(this IServiceCollection services)
    {
        services.AddTexts(ExportTexts.Load);
        services.AddSingleton<CommitmentSheets>();
        services.AddSingleton<SessionSheets>();
        services.AddSingleton<ExportBuilder>();
        services.AddStartupCheck(sp => sp.GetRequiredService<ExportTexts>());
        return services;
    }
}
