namespace Bitacora.Cards;

/// <summary>
/// A template that cannot be parsed or expanded: the message names the expression and where it is
/// (JSON path of the value in the template).
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message, string? expression, string location, Exception? inner = null)
        : base(message, inner)
    {
        Expression = expression;
        Location = location;
    }

    /// <summary>The expression text (e.g. "${foo(1)}"), when one is to blame.</summary>
    public string? Expression { get; }

    /// <summary>JSON path of the template value, e.g. "$.body[2].text".</summary>
    public string Location { get; }
}
