using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Registry.Territories;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook;

/// <summary>What saving one logbook step did: answers written, inputs refused (with the text typed), the registry write-back.</summary>
public sealed record StepSave(int Saved, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Typed,
    bool RegistryUpdated, IReadOnlyList<string> RegistryProblems);

/// <summary>
/// Saves the inputs of one step of the logbook card: only inputs that differ from the stored answer are written (with
/// history); a table's filled row cells add a row; corrections of registry-held background go back to the territory
/// registry (ETag-conditional, re-read and re-applied when someone else wrote in between).
/// </summary>
public sealed class LogbookSteps(
    AnswerRepository answers,
    TerritoryStore territories,
    RegistryFields registryFields,
    RegistryCatalog catalog,
    RegistryTexts registryTexts,
    SessionTexts sessionTexts)
{
    public static string ValueInput(string questionId) => "q." + questionId;
    public static string CellInput(string questionId, string columnId) => $"t.{questionId}.{columnId}";

    public async Task<StepSave> SaveAsync(LogbookKey key, Guide guide, GuideSection section, Func<string, string?> input, Participant by,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = (await answers.GetAnswersAsync(key.Id, ct)).ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        var toRegistry = new Dictionary<string, string>(StringComparer.Ordinal);
        var saved = 0;
        foreach (var q in section.Questions)
        {
            if (q.Kind == QuestionKind.Table)
            {
                var cells = q.Columns.ToDictionary(c => c.Id, c => input(CellInput(q.Id, c.Id)));
                if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
                var (row, rowError) = AnswerRules.ParseRow(q, cells);
                if (rowError is not null)
                {
                    errors[q.Id] = sessionTexts.Format(rowError);
                    foreach (var c in q.Columns) typed[CellInput(q.Id, c.Id)] = cells[c.Id] ?? "";
                    continue;
                }
                await answers.AddTableRowAsync(key.Id, q.Id, row!, by, guide.Version, ct);
                saved++;
                continue;
            }
            var raw = input(ValueInput(q.Id));
            if (raw is null) continue;
            var existing = current.GetValueOrDefault(q.Id);
            var stored = existing is null ? "" : SessionCards.RawValue(existing.Value);
            if (raw.Trim() == stored.Trim()) continue;
            if (string.IsNullOrWhiteSpace(raw))
            {
                errors[q.Id] = sessionTexts[SessionTexts.AnswerCleared];
                typed[ValueInput(q.Id)] = raw;
                continue;
            }
            var parsed = AnswerRules.Parse(q, raw);
            if (!parsed.IsValid)
            {
                errors[q.Id] = sessionTexts.Format(parsed.Error!);
                typed[ValueInput(q.Id)] = raw;
                continue;
            }
            var result = await answers.ChangeAsync(key.Id, q.Id, _ => parsed.Value!, existing?.Note, by, guide.Version, ct);
            if (result.Outcome == VersionedWriteOutcome.Unchanged) continue;
            saved++;
            if (registryFields.WritesBack(q.Id)) toRegistry[q.Id] = raw.Trim();
        }
        var (updated, problems) = toRegistry.Count == 0 ? (false, []) : await WriteBackAsync(key.TerritoryId, toRegistry, ct);
        return new StepSave(saved, errors, typed, updated, problems);
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
