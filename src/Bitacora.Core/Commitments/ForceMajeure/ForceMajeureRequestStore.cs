using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Requests live next to the commitments they affect: table "Commitments", PartitionKey = unit, RowKey "r_{id}" — so an
/// approval writes the request, the commitments, their history and the event in one entity-group transaction.
/// "CommitmentIndex" holds "fmr_{id}" → unit (point read by id, as for commitments).
/// Items and steps are JSON columns (dates ISO).
/// </summary>
public sealed class ForceMajeureRequestStore(TableClientProvider tables)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static string Row(string id) => "r_" + id;
    private static string IdPartition(string id) => "fmr_" + id;

    public async Task<ForceMajeureRequest?> GetAsync(string id, CancellationToken ct)
    {
        var index = await tables.GetAsync(CommitmentStore.IndexTableName, ct);
        var row = await index.GetEntityIfExistsAsync<TableEntity>(IdPartition(id), "", ["Unit"], ct);
        return row.HasValue ? await GetAsync(row.Value!.GetString("Unit"), id, ct) : null;
    }

    public async Task<ForceMajeureRequest?> GetAsync(string unit, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(CommitmentStore.TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(CommitmentStore.UnitKey(unit), Row(id), cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The unit's requests, newest first (one partition range read).</summary>
    public async Task<IReadOnlyList<ForceMajeureRequest>> ListByUnitAsync(string unit, CancellationToken ct)
    {
        var table = await tables.GetAsync(CommitmentStore.TableName, ct);
        var pk = CommitmentStore.UnitKey(unit);
        var result = new List<ForceMajeureRequest>();
        await foreach (var e in table.QueryAsync<TableEntity>(
                           x => x.PartitionKey == pk && x.RowKey.CompareTo("r_") >= 0 && x.RowKey.CompareTo("r`") < 0, cancellationToken: ct))
        {
            result.Add(FromEntity(e));
        }
        return result.OrderByDescending(r => r.RequestedAt).ToList();
    }

    /// <summary>Inserts a new request (and its id lookup row first, harmless if the insert never follows).</summary>
    internal async Task<ForceMajeureRequest> AddAsync(ForceMajeureRequest request, CancellationToken ct)
    {
        var index = await tables.GetAsync(CommitmentStore.IndexTableName, ct);
        await index.UpsertEntityAsync(new TableEntity(IdPartition(request.Id), "") { ["Unit"] = request.Unit }, TableUpdateMode.Replace, ct);
        var table = await tables.GetAsync(CommitmentStore.TableName, ct);
        await table.AddEntityAsync(ToEntity(request), ct);
        return (await GetAsync(request.Unit, request.Id, ct))!;
    }

    /// <summary>Replaces the request if nobody changed it since <see cref="ForceMajeureRequest.ETag"/>; false otherwise.</summary>
    internal async Task<bool> ReplaceAsync(ForceMajeureRequest request, CancellationToken ct)
    {
        var table = await tables.GetAsync(CommitmentStore.TableName, ct);
        return await ConditionalWrite.TryUpdateAsync(table, ToEntity(request), new ETag(request.ETag!), TableUpdateMode.Replace, ct) is not null;
    }

    /// <summary>The ETag-guarded replace as a transaction action (for the approval's single transaction).</summary>
    internal static TableTransactionAction ReplaceAction(ForceMajeureRequest request) =>
        new(TableTransactionActionType.UpdateReplace, ToEntity(request), new ETag(request.ETag!));

    private sealed record ItemDto(string CommitmentId, string What, int SeenVersion, string Decision, string? NewDate, string? NewWhat);

    private sealed record StepDto(DateTimeOffset At, string ById, string ByName, string What, string? Text);

    private static TableEntity ToEntity(ForceMajeureRequest r) => new(CommitmentStore.UnitKey(r.Unit), Row(r.Id))
    {
        ["Id"] = r.Id,
        ["Unit"] = r.Unit,
        ["Kind"] = r.Kind.ToString(),
        ["StartDate"] = CommitmentEntityMapper.FormatDate(r.StartDate),
        ["EndDate"] = r.EndDate is { } end ? CommitmentEntityMapper.FormatDate(end) : null,
        ["Description"] = r.Description,
        ["DocumentationText"] = r.DocumentationText,
        ["DocumentationLink"] = r.DocumentationLink,
        ["Items"] = JsonSerializer.Serialize(r.Items.Select(i => new ItemDto(i.CommitmentId, i.What, i.SeenVersion, i.Decision.ToString(),
            i.NewDate is { } d ? CommitmentEntityMapper.FormatDate(d) : null, i.NewWhat)), Json),
        ["RequestedById"] = r.RequestedBy.Id,
        ["RequestedByName"] = r.RequestedBy.Name,
        ["RequestedByTeamsUserId"] = r.RequestedBy.TeamsUserId,
        ["RequestedByAadObjectId"] = r.RequestedBy.AadObjectId,
        ["RequestedByEmail"] = r.RequestedBy.Email,
        ["RequestedAt"] = r.RequestedAt.ToDateTimeOffset(),
        ["ReplyConversationId"] = r.ReplyTo?.ConversationId,
        ["ReplyServiceUrl"] = r.ReplyTo?.ServiceUrl,
        ["ReplyTenantId"] = r.ReplyTo?.TenantId,
        ["ReplyBotId"] = r.ReplyTo?.BotId,
        ["Status"] = r.Status.ToString(),
        ["Steps"] = JsonSerializer.Serialize(r.Steps.Select(s => new StepDto(s.At.ToDateTimeOffset(), s.By.Id, s.By.Name, s.What, s.Text)), Json),
        ["EventId"] = r.EventId,
        ["Version"] = r.Version,
    };

    private static ForceMajeureRequest FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Unit = e.GetString("Unit"),
        Kind = Enum.Parse<ForceMajeureKind>(e.GetString("Kind")),
        StartDate = CommitmentEntityMapper.ParseDate(e.GetString("StartDate")),
        EndDate = e.GetString("EndDate") is { } end ? CommitmentEntityMapper.ParseDate(end) : null,
        Description = e.GetString("Description"),
        DocumentationText = e.GetString("DocumentationText"),
        DocumentationLink = e.GetString("DocumentationLink"),
        Items = (JsonSerializer.Deserialize<ItemDto[]>(e.GetString("Items") ?? "[]", Json) ?? [])
            .Select(i => new ForceMajeureItem(i.CommitmentId, i.What, i.SeenVersion, Enum.Parse<ForceMajeureDecision>(i.Decision),
                i.NewDate is { } d ? CommitmentEntityMapper.ParseDate(d) : null, i.NewWhat)).ToList(),
        RequestedBy = new PersonRef(e.GetString("RequestedById"), e.GetString("RequestedByName"), e.GetString("RequestedByTeamsUserId"),
            e.GetString("RequestedByAadObjectId"), e.GetString("RequestedByEmail")),
        RequestedAt = Instant.FromDateTimeOffset(e.GetDateTimeOffset("RequestedAt")!.Value),
        ReplyTo = e.GetString("ReplyConversationId") is { } conversation
            ? new ForceMajeureReplyTo(conversation, e.GetString("ReplyServiceUrl"), e.GetString("ReplyTenantId"), e.GetString("ReplyBotId"))
            : null,
        Status = Enum.Parse<ForceMajeureRequestStatus>(e.GetString("Status")),
        Steps = (JsonSerializer.Deserialize<StepDto[]>(e.GetString("Steps") ?? "[]", Json) ?? [])
            .Select(s => new ForceMajeureStep(Instant.FromDateTimeOffset(s.At), new PersonRef(s.ById, s.ByName), s.What, s.Text)).ToList(),
        EventId = e.GetString("EventId"),
        Version = e.GetInt32("Version") ?? 1,
        ETag = e.ETag.ToString(),
    };
}
