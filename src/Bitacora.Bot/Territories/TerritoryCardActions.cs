using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Territories;

/// <summary>"Editar" on the territory card (administrators): the card turns into the form, pre-filled.</summary>
/// <remarks>
/// The form is built from a fresh read and carries that read's ETag: if the card was stale, the form shows what is
/// stored now, and "Guardar" can only overwrite what the administrator saw.
/// </remarks>
public sealed class TerritoryEditAction(TerritoryStore store, TerritoryCards cards, RegistryCatalog catalog, RegistryTexts texts)
    : ICardAction
{
    public string Verb => TerritoryCards.EditVerb;

    public AccessRule Rule => AccessRule.Require(Policies.Administer);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var id = context.GetString("territoryId") ?? "";
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } territory)
        {
            return new CardActionResult.Refused(texts.Format(TerritoryTextKeys.Gone, ("id", id)));
        }
        return new CardActionResult.ReplaceCard(cards.Edit(territory, TerritoryForm.From(territory, catalog)));
    }
}

/// <summary>
/// "Guardar" on the form (administrators): validates, then writes through <see cref="TerritoryStore.UpdateAsync"/> on the
/// ETag the form was rendered from. Bad input → the same form with what was typed and the reasons; a concurrent
/// change → the form with the current values and a notice naming the parts that were not saved; success → the
/// read-only card, updated.
/// </summary>
public sealed class TerritorySaveAction(
    TerritoryStore store,
    TerritoryCards cards,
    RegistryCatalog catalog,
    RegistryTexts texts,
    ILogger<TerritorySaveAction> logger) : ICardAction
{
    public string Verb => TerritoryCards.SaveVerb;

    /// <summary>Administrators; the form must carry the ETag it was rendered from (the write is conditional on it).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.Administer).WithVersion("etag", numeric: false);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var identity = context.Access.Identity!;
        var id = context.GetString("territoryId") ?? "";
        var etag = context.GetString("etag") ?? "";
        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new CardActionResult.Refused(texts.Format(TerritoryTextKeys.Gone, ("id", id)));
        }
        var typed = TerritoryForm.Read(context.Data, catalog);
        var rendered = current with { ETag = etag };

        var (updated, errors) = typed.Apply(rendered, catalog, texts);
        if (updated is null)
        {
            // The form keeps every keystroke and the ETag it came with.
            return new CardActionResult.ReplaceCard(cards.Edit(rendered, typed, texts.Format(TerritoryTextKeys.Invalid), errors));
        }
        if (etag.Length == 0 || etag != current.ETag)
        {
            return Conflict(current, typed, id, identity);
        }

        var result = await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case WriteOutcome.Updated:
                logger.LogInformation("Territory {TerritoryId} edited on its card by {Email}", id, identity.Person?.Email);
                return new CardActionResult.ReplaceCard(cards.View(result.Value!, canEdit: true, texts.Format(TerritoryTextKeys.Saved), "Good"));
            case WriteOutcome.Unchanged:
                return new CardActionResult.ReplaceCard(cards.View(result.Value!, canEdit: true, texts.Format(TerritoryTextKeys.Unchanged)));
            case WriteOutcome.Conflict:
                var now = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
                return now is null
                    ? new CardActionResult.Refused(texts.Format(TerritoryTextKeys.Gone, ("id", id)))
                    : Conflict(now, typed, id, identity);
            default:
                return new CardActionResult.Refused(texts.Format(TerritoryTextKeys.Gone, ("id", id)));
        }
    }

    private CardActionResult Conflict(Territory current, TerritoryForm typed, string id, ResolvedIdentity identity)
    {
        logger.LogWarning("Territory {TerritoryId}: edit by {Email} not saved, the territory changed since the form was shown", id,
            identity.Person?.Email);
        var currentForm = TerritoryForm.From(current, catalog);
        var lost = typed.DifferencesFrom(currentForm, texts);
        var errors = lost.Count == 0 ? [] : new[] { texts.Format(TerritoryTextKeys.ConflictFields, ("fields", string.Join(", ", lost))) };
        return new CardActionResult.ReplaceCard(cards.Edit(current, currentForm, texts.Format(TerritoryTextKeys.Conflict), errors));
    }
}

/// <summary>"Cancelar" on the form, or a refresh: the read-only card with the stored values, for those who may see it.</summary>
public sealed class TerritoryViewAction(TerritoryStore store, TerritoryCards cards, RegistryTexts texts) : ICardAction
{
    public string Verb => TerritoryCards.ViewVerb;

    public AccessRule Rule => AccessRule.Require(Policies.ViewTerritory).ScopedBy((request, _) =>
        Task.FromResult(request.Field("territoryId") is { } id
            ? new ScopeLookup.Found(AccessScope.Territory(id))
            : ScopeLookup.None));

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var identity = context.Access.Identity!;
        var id = context.GetString("territoryId") ?? "";
        return await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } territory
            ? new CardActionResult.ReplaceCard(cards.View(territory, identity.Roles.Administrador))
            : new CardActionResult.Refused(texts.Format(TerritoryTextKeys.Gone, ("id", id)));
    }
}
