using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Territories;

public static class TerritoriesServiceCollectionExtensions
{
    /// <summary>
    /// The registry in Teams: «territorio», «personas», «quién soy», the territory card and its edit/save/view buttons,
    /// and the territory finder other features use to resolve a typed territory. Needs AddBitacoraHost and AddRegistry.
    /// The cards and texts are checked when the host starts.
    /// </summary>
    public static IServiceCollection AddTerritories(this IServiceCollection services)
    {
        services.TryAddSingleton<TerritoryFinder>();
        services.TryAddSingleton<TerritoryCards>();
        services.AddBotCommand<TerritoryCommand>();
        services.AddBotCommand<TerritoryPeopleCommand>();
        services.AddBotCommand<WhoAmICommand>();
        services.AddSingleton<ICardAction, TerritoryEditAction>();
        services.AddSingleton<ICardAction, TerritorySaveAction>();
        services.AddSingleton<ICardAction, TerritoryViewAction>();
        services.AddStartupCheck(TerritoryContentValidation.Run);
        return services;
    }
}

/// <summary>Fails the start when the territory texts or card templates are missing or do not expand with a sample territory.</summary>
internal static class TerritoryContentValidation
{
    public static void Run(IServiceProvider services)
    {
        services.GetRequiredService<RegistryTexts>().EnsureContains(TerritoryTextKeys.All, "Territories/");
        services.GetRequiredService<CardCatalog>().EnsureContains(TerritoryCards.Templates);
        var cards = services.GetRequiredService<TerritoryCards>();
        var registry = services.GetRequiredService<RegistryCatalog>();
        var sample = new Territory("16", "Región de Ñuble", 1, "Prueba", ["Chillán"],
            new Dictionary<string, int>(), new Dictionary<string, IReadOnlyList<string>>(), LearningCommunityOrganisation.Empty);
        cards.View(sample, canEdit: true);
        cards.Edit(sample, TerritoryForm.From(sample, registry), "x", ["y"]);
    }
}
