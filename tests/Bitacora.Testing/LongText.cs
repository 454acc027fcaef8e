namespace Bitacora.Testing;

/// <summary>Readable test inputs at a card's maximum length, ending in a marker so a screenshot shows any truncation.</summary>
public static class LongText
{
    /// <summary>
    /// <paramref name="start"/>, then <paramref name="filler"/> repeated, padded with dots to exactly
    /// <paramref name="length"/> characters ending in <paramref name="end"/>.
    /// </summary>
    public static string Of(string start, int length, string end, string filler)
    {
        var text = start;
        while (text.Length + filler.Length + end.Length < length) text += filler;
        text += new string('.', length - text.Length - end.Length) + end;
        return text.Length == length ? text : throw new ArgumentException($"«{start}» and «{end}» do not fit in {length} characters");
    }
}
