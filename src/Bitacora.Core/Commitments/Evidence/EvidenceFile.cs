using Bitacora.Bot.Files;

namespace Bitacora.Bot.Commitments.Evidence;

/// <summary>A file kept as evidence (Blob Storage, area <see cref="FileAreas.Evidence"/>).</summary>
public sealed record EvidenceFile(string FileId, string Name, string ContentType, long Size);
