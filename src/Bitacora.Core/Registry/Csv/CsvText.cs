using System.Buffers;
using System.Text.Unicode;

namespace Bitacora.Bot.Registry.Csv;

/// <summary>A CSV file's bytes as text, or the line of the first byte that is not UTF-8.</summary>
public sealed record CsvText(string? Text, int? InvalidLine);

/// <summary>
/// Decodes a whole CSV file up front: UTF-8 with or without BOM. A bad byte anywhere is found before a single row is
/// read or written, with the physical line (1-based) it sits on — not a silent stop where the decoder gave up.
/// </summary>
public static class CsvDecoding
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static CsvText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Bom))
        {
            bytes = bytes[Bom.Length..];
        }
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                // Invalid data or a sequence cut off at the end: count the line breaks before the offending byte.
                return new CsvText(null, bytes[..bytesRead].Count((byte)'\n') + 1);
            }
            return new CsvText(new string(chars, 0, charsWritten), null);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
