using Bitacora.Bot.Exports;
using Bitacora.Bot.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class ExportsServiceCollectionExtensions
{
    /// <summary>
    /// «exportar» (.xlsx / .csv built by the bot and delivered with IFileDelivery — needs AddFiles and AddCoordination)
    /// and the generator `bitacora export` shares: <see cref="ExportBuilder"/>, <see cref="XlsxExportWriter"/>,
    /// <see cref="CsvExportWriter"/>. Texts: Content/Texts/exports.es-CL.json (checked at start-up).
    /// </summary>
    public static IServiceCollection AddExports(this IServiceCollection services)
    {
        services.AddExportsCore();
        services.AddBotCommand<ExportCommand>();
        return services;
    }
}
