using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bitacora.BotFramework;

/// <summary>The Teams part of <c>channelData</c>.</summary>
public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }
    public TeamInfo? Team { get; set; }
    public ChannelInfo? Channel { get; set; }
    public MeetingInfo? Meeting { get; set; }
    public string? EventType { get; set; }
    public string? TeamsChannelId { get; set; }
    public string? TeamsTeamId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record TenantInfo
{
    public string? Id { get; set; }
}

public sealed record TeamInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }
}

public sealed record ChannelInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}

public sealed record MeetingInfo
{
    public string? Id { get; set; }
}
