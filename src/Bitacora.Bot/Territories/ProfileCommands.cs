using System.Text;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Territories;

/// <summary>"quién soy" / "mi perfil": the person as the bot sees them, or how to get registered.</summary>
public sealed class WhoAmICommand(RegistryTexts texts, RegistryCatalog catalog) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["quién soy", "quien soy yo", "mi perfil", "perfil"];

    /// <summary>Anyone: unregistered people learn here how to get registered.</summary>
    public AccessRule Rule => AccessRule.Anyone;

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var identity = await context.Turn.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        var text = identity.Person is { } person
            ? Describe(identity, person)
            : texts.Format(TerritoryTextKeys.ProfileUnknown, ("name", identity.User.Name ?? identity.User.TeamsUserId));
        await context.Turn.SendTextAsync(text, cancellationToken).ConfigureAwait(false);
    }

    private string Describe(ResolvedIdentity identity, Person person)
    {
        // Teams renders a blank line as a paragraph break; one line per fact reads well in chat and in the Playground.
        var lines = new List<string>
        {
            texts.Format(TerritoryTextKeys.ProfileTitle),
            texts.Format(TerritoryTextKeys.ProfileName, ("value", person.Name)),
            texts.Format(TerritoryTextKeys.ProfileEmail, ("value", person.Email)),
        };
        if (catalog.Disciplines.FirstOrDefault(d => d.Id == person.DisciplineId) is { } discipline)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileDiscipline, ("value", discipline.Label)));
        }
        var roles = person.Roles.All.Select(r => texts.Format(RegistryTextKeys.RoleLabel(r))).ToList();
        lines.Add(texts.Format(TerritoryTextKeys.ProfileRoles,
            ("value", roles.Count == 0 ? texts.Format(TerritoryTextKeys.ProfileNoRoles) : string.Join(", ", roles))));
        if (person.Territories.Count > 0)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileTerritories, ("value", string.Join(", ", person.Territories))));
        }
        var coordinated = person.Roles.CoordinatedTerritories.Concat(person.Roles.CoordinatedRegions.Select(r =>
            catalog.RegionByCode(r)?.Name ?? r)).ToList();
        if (coordinated.Count > 0)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileCoordinates, ("value", string.Join(", ", coordinated))));
        }
        if (person.Roles.DirectiveUnits.Count > 0)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileDirectiveUnits, ("value", string.Join(", ", person.Roles.DirectiveUnits))));
        }
        if (identity.LinkedNow)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileLinkedNow,
                ("match", texts.Format(TerritoryTextKeys.ProfileMatch(identity.Match)))));
        }
        if (person.Territories.Count > 0 || person.Roles.CoordinatedTerritories.Count > 0)
        {
            lines.Add(texts.Format(TerritoryTextKeys.ProfileHint));
        }
        return string.Join("\n\n", lines);
    }
}

/// <summary>
/// "personas [territorio]" (coordinators and administrators): who is registered in the territory, with their roles and
/// whether they already talk to the bot — a coordinator's check before relying on reminders.
/// </summary>
public sealed class TerritoryPeopleCommand(TerritoryFinder finder, IPersonDirectory people, RegistryTexts texts) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["personas", "personas del territorio"];

    // The router checks the role anywhere first: advisers without it are refused before anything is looked up for them.
    public AccessRule Rule => AccessRule.Require(Policies.ListPeople)
        .ScopedBy((request, ct) => TerritoryAccess.LookupAsync(finder, texts, request, ct));

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var territory = context.Access.TargetAs<Territory>()!;
        var list = await people.ListByTerritoryAsync(territory.Id, cancellationToken).ConfigureAwait(false);
        if (list.Count == 0)
        {
            await context.Turn.SendTextAsync(texts.Format(TerritoryTextKeys.PeopleEmpty, ("id", territory.Id)), cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        var sb = new StringBuilder(texts.Format(TerritoryTextKeys.PeopleHeader, ("id", territory.Id), ("name", territory.Name),
            ("count", list.Count)));
        foreach (var person in list)
        {
            var roles = person.Roles.All.Select(r => texts.Format(RegistryTextKeys.RoleLabel(r))).ToList();
            sb.Append('\n').Append(texts.Format(TerritoryTextKeys.PeopleRow, ("name", person.Name), ("email", person.Email),
                ("roles", roles.Count == 0 ? texts.Format(TerritoryTextKeys.ProfileNoRoles) : string.Join(", ", roles)),
                ("linked", texts.Format(person.TeamsUserId is null ? TerritoryTextKeys.PeopleNotLinked : TerritoryTextKeys.PeopleLinked))));
        }
        await context.Turn.SendTextAsync(sb.ToString(), cancellationToken).ConfigureAwait(false);
    }
}
