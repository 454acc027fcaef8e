using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Territories;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// What saving one logbook step did: answers written, inputs refused (with the text typed), inputs someone else changed
/// since the card was rendered (nothing written for them; the person chooses), the registry write-back.
/// </summary>
public sealed record StepSave(int Saved, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Typed,
    bool RegistryUpdated, IReadOnlyList<string> RegistryProblems)
{
    public IReadOnlyDictionary<string, SectionConflict> Conflicts { get; init; } = new Dictionary<string, SectionConflict>();

    public static StepSave Nothing { get; } = new(0, new Dictionary<string, string>(), new Dictionary<string, string>(), false, []);

    public bool NeedsAttention => Errors.Count > 0 || Conflicts.Count > 0;
}

/// <summary>
/// Saves the inputs of one step of the logbook card the way the meeting card saves a section (<see cref="SectionInputs"/>:
/// one read, one ETag-conditional transaction, re-planned on fresh data after a lost race): only inputs that differ from
/// the revision the card showed (its "rev") are written, with history; when someone else saved the same question after
/// the card was rendered, nothing is written for it and the card shows both values (keep mine / keep theirs); a table's
/// filled row cells add a row. Corrections of registry-held background go back to the territory registry
/// (ETag-conditional, re-read and re-applied when someone else wrote in between).
/// </summary>
public sealed class LogbookSteps(
    AnswerRepository answers,
    SectionInputs inputs,
    TerritoryStore territories,
    RegistryFields registryFields,
    RegistryCatalog catalog,
    RegistryTexts registryTexts,
    IOptions<Sessions.SessionOptions> options)
{
    public static string ValueInput(string questionId) => SessionCards.ValueInput(questionId);
    public static string CellInput(string questionId, string columnId) => SessionCards.CellInput(questionId, columnId);

    public async Task<StepSave> SaveAsync(LogbookKey key, Guide guide, GuideSection section, JsonObject data, Participant by, CancellationToken ct)
    {
        string[] questionIds = [.. section.Questions.Select(q => q.Id)];
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await answers.ReadAsync(key.Id, questionIds, cancellationToken: ct);
            var plan = await inputs.PlanAsync(data, section, snapshot, ct);
            var written = plan.Changes.Count == 0 ? null : await answers.TryWriteAsync(snapshot, plan.Changes, by, guide.Version, ct);
            if (plan.Changes.Count > 0 && written is null)
            {
                if (attempt >= options.Value.MaxWriteAttempts)
                {
                    throw new ConcurrencyLimitException($"Could not save step {section.Id} of {key.Id}.", new InvalidOperationException("conflict"));
                }
                await VersionedRows.Backoff(attempt, ct);
                continue;
            }
            var saved = written?.Written ?? [];
            var toRegistry = saved.Where(registryFields.WritesBack)
                .ToDictionary(id => id, id => (data[ValueInput(id)]?.ToString() ?? "").Trim(), StringComparer.Ordinal);
            var (updated, problems) = toRegistry.Count == 0 ? (false, []) : await WriteBackAsync(key.TerritoryId, toRegistry, ct);
            return new StepSave(saved.Count, plan.Errors, plan.Typed, updated, problems) { Conflicts = plan.Conflicts };
        }
    }

    /// <summary>Applies corrected background to the registry's territory, through the same form rules as `territorio editar`.</summary>
    private async Task<(bool Updated, IReadOnlyList<string> Problems)> WriteBackAsync(string territoryId, IReadOnlyDictionary<string, string> changed,
        CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            if (await territories.GetAsync(territoryId, ct) is not { } territory) return (false, []);
            var form = registryFields.Apply(TerritoryForm.From(territory, catalog), changed);
            var (next, problems) = form.Apply(territory, catalog, registryTexts);
            if (next is null) return (false, problems);
            var write = await territories.UpdateAsync(next with { ETag = territory.ETag }, ct);
            if (write.Outcome != WriteOutcome.Conflict) return (write.Outcome == WriteOutcome.Updated, []);
        }
        return (false, []);
    }
}
