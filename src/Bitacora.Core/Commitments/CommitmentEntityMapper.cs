using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using NodaTime;
using NodaTime.Text;

namespace Bitacora.Bot.Commitments;

/// <summary>Commitment ↔ table row. Scalar fields are columns (queryable, readable in Storage Explorer); lists are JSON.</summary>
internal static class CommitmentEntityMapper
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LocalDate ParseDate(string text) => DatePattern.Parse(text).GetValueOrThrow();
    public static string FormatDate(LocalDate date) => DatePattern.Format(date);

    public static TableEntity ToEntity(Commitment c, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Id"] = c.Id,
        ["Unit"] = c.Unit,
        ["What"] = c.What,
        ["ResponsibleId"] = c.Responsible.Id,
        ["ResponsibleName"] = c.Responsible.Name,
        ["ResponsibleTeamsUserId"] = c.Responsible.TeamsUserId,
        ["ResponsibleAadObjectId"] = c.Responsible.AadObjectId,
        ["ResponsibleEmail"] = c.Responsible.Email,
        ["AccountabilityDate"] = FormatDate(c.AccountabilityDate),
        ["MeansOfVerification"] = c.MeansOfVerification,
        ["SessionId"] = c.Origin.SessionId,
        ["ConversationId"] = c.Origin.ConversationId,
        ["ServiceUrl"] = c.Origin.ServiceUrl,
        ["TenantId"] = c.Origin.TenantId,
        ["ChannelId"] = c.Origin.ChannelId,
        ["Status"] = c.Status.ToString(),
        ["EvidenceText"] = c.Evidence?.Text,
        ["EvidenceLink"] = c.Evidence?.Link,
        ["ForceMajeureEventIds"] = JsonSerializer.Serialize(c.ForceMajeureEventIds, Json),
        ["ForceMajeureDecision"] = c.ForceMajeureDecision?.ToString(),
        ["CreatedAt"] = c.CreatedAt.ToDateTimeOffset(),
        ["CreatedById"] = c.CreatedBy.Id,
        ["CreatedByName"] = c.CreatedBy.Name,
        ["Version"] = c.Version,
        ["Reminders"] = string.Join(';', c.Reminders.Select(r => r.Token)),
        ["CancellationReason"] = c.CancellationReason,
        ["EvidenceFiles"] = c.EvidenceFiles.Count == 0 ? null : JsonSerializer.Serialize(c.EvidenceFiles, Json),
        ["SourceSessionId"] = c.Source?.SessionId,
        ["SourceQuestionId"] = c.Source?.QuestionId,
        ["SourceQuestion"] = c.Source?.Question,
        ["SourceAnswer"] = c.Source?.Answer,
    };

    public static Commitment FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Unit = e.GetString("Unit"),
        What = e.GetString("What"),
        Responsible = new PersonRef(e.GetString("ResponsibleId"), e.GetString("ResponsibleName"),
            e.GetString("ResponsibleTeamsUserId"), e.GetString("ResponsibleAadObjectId"), e.GetString("ResponsibleEmail")),
        AccountabilityDate = ParseDate(e.GetString("AccountabilityDate")),
        MeansOfVerification = e.GetString("MeansOfVerification") ?? "",
        Origin = new CommitmentOrigin(e.GetString("SessionId"), e.GetString("ConversationId"), e.GetString("ServiceUrl"),
            e.GetString("TenantId"), e.GetString("ChannelId")),
        Status = Enum.Parse<CommitmentStatus>(e.GetString("Status")),
        Evidence = e.GetString("EvidenceText") is null && e.GetString("EvidenceLink") is null
            ? null
            : new CommitmentEvidence(e.GetString("EvidenceText"), e.GetString("EvidenceLink")),
        ForceMajeureEventIds = JsonSerializer.Deserialize<string[]>(e.GetString("ForceMajeureEventIds") ?? "[]", Json) ?? [],
        ForceMajeureDecision = Enum.TryParse<ForceMajeureDecision>(e.GetString("ForceMajeureDecision"), out var decision) ? decision : null,
        CreatedAt = Instant.FromDateTimeOffset(e.GetDateTimeOffset("CreatedAt")!.Value),
        CreatedBy = new PersonRef(e.GetString("CreatedById"), e.GetString("CreatedByName")),
        Version = e.GetInt32("Version") ?? 1,
        Reminders = ParseReminders(e.GetString("Reminders")),
        ETag = e.ETag.ToString(),
        CancellationReason = e.GetString("CancellationReason"),
        EvidenceFiles = e.GetString("EvidenceFiles") is { } files
            ? JsonSerializer.Deserialize<Evidence.EvidenceFile[]>(files, Json) ?? []
            : [],
        Source = e.GetString("SourceQuestionId") is { } questionId
            ? new CommitmentSource(e.GetString("SourceSessionId") ?? "", questionId, e.GetString("SourceQuestion") ?? "",
                e.GetString("SourceAnswer") ?? "")
            : null,
    };

    public static IReadOnlyList<ScheduledReminder> ParseReminders(string? text) => string.IsNullOrEmpty(text)
        ? []
        : text.Split(';').Select(token =>
        {
            var sep = token.IndexOf('_', StringComparison.Ordinal);
            return new ScheduledReminder(ReminderKind.Parse(token[..sep]),
                Instant.FromUnixTimeTicks(long.Parse(token[(sep + 1)..], CultureInfo.InvariantCulture)));
        }).ToList();

    public static TableEntity ToEntity(CommitmentChange h, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["CommitmentId"] = h.CommitmentId,
        ["Version"] = h.Version,
        ["At"] = h.At.ToDateTimeOffset(),
        ["ById"] = h.By.Id,
        ["ByName"] = h.By.Name,
        ["What"] = h.What,
        ["From"] = h.From,
        ["To"] = h.To,
        ["Why"] = h.Why,
    };

    public static CommitmentChange ChangeFromEntity(TableEntity e) => new(
        e.GetString("CommitmentId"), e.GetInt32("Version") ?? 0, Instant.FromDateTimeOffset(e.GetDateTimeOffset("At")!.Value),
        new PersonRef(e.GetString("ById"), e.GetString("ByName")), e.GetString("What"), e.GetString("From"),
        e.GetString("To"), e.GetString("Why"));

    public static TableEntity ToEntity(ForceMajeureEvent f, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Id"] = f.Id,
        ["Unit"] = f.Unit,
        ["Kind"] = f.Kind.ToString(),
        ["Description"] = f.Description,
        ["DocumentationLink"] = f.DocumentationLink,
        ["StartDate"] = FormatDate(f.StartDate),
        ["EndDate"] = f.EndDate is { } end ? FormatDate(end) : null,
        ["NewDate"] = f.NewDate is { } newDate ? FormatDate(newDate) : null,
        ["CommitmentIds"] = JsonSerializer.Serialize(f.CommitmentIds, Json),
        ["RecordedById"] = f.RecordedBy.Id,
        ["RecordedByName"] = f.RecordedBy.Name,
        ["RecordedAt"] = f.RecordedAt.ToDateTimeOffset(),
        ["RequestId"] = f.RequestId,
        ["ApprovedById"] = f.ApprovedBy?.Id,
        ["ApprovedByName"] = f.ApprovedBy?.Name,
        ["DocumentationText"] = f.DocumentationText,
    };

    public static ForceMajeureEvent ForceMajeureFromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Unit = e.GetString("Unit"),
        Kind = Enum.Parse<ForceMajeureKind>(e.GetString("Kind")),
        Description = e.GetString("Description"),
        DocumentationLink = e.GetString("DocumentationLink"),
        StartDate = ParseDate(e.GetString("StartDate")),
        EndDate = e.GetString("EndDate") is { } end ? ParseDate(end) : null,
        NewDate = e.GetString("NewDate") is { } newDate ? ParseDate(newDate) : null,
        CommitmentIds = JsonSerializer.Deserialize<string[]>(e.GetString("CommitmentIds") ?? "[]", Json) ?? [],
        RecordedBy = new PersonRef(e.GetString("RecordedById"), e.GetString("RecordedByName")),
        RecordedAt = Instant.FromDateTimeOffset(e.GetDateTimeOffset("RecordedAt")!.Value),
        RequestId = e.GetString("RequestId"),
        ApprovedBy = e.GetString("ApprovedById") is { } approver ? new PersonRef(approver, e.GetString("ApprovedByName") ?? "") : null,
        DocumentationText = e.GetString("DocumentationText"),
    };
}
