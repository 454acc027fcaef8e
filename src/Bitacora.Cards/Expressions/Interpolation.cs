using System.Text;

namespace Bitacora.Cards.Expressions;

/// <summary>
/// Splits a template string the way the official engine does (it parses "`" + text + "`" as an Adaptive Expressions
/// string interpolation): literal runs, "\$" and "\`" escapes, and ${...} bindings whose text follows the lexer's
/// TEMPLATE rule (no line breaks, braces only inside quoted strings or object literals).
/// </summary>
internal static class Interpolation
{
    public static List<Expr> Parse(string text)
    {
        var children = new List<Expr> { new ConstantExpr("") };
        var literal = new StringBuilder();
        var i = 0;
        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                children.Add(new ConstantExpr(literal.ToString()));
                literal.Clear();
            }
        }
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`')
            {
                FlushLiteral();
                children.Add(new ConstantExpr(text[i + 1].ToString()));
                i += 2;
                continue;
            }
            if (c == '`')
            {
                throw new ExpressionSyntaxException($"syntax error at position {i + 1}: unescaped backtick (write \\`)", i);
            }
            if (c == '$')
            {
                var end = MatchTemplate(text, i);
                if (end > 0)
                {
                    FlushLiteral();
                    var inner = TrimExpression(text[i..end]);
                    try
                    {
                        children.Add(ExpressionParser.Parse(inner));
                    }
                    catch (ExpressionSyntaxException e)
                    {
                        throw new ExpressionSyntaxException($"{e.Message} in ${{{inner}}}", i + e.Position);
                    }
                    i = end;
                    continue;
                }
            }
            literal.Append(c);
            i++;
        }
        FlushLiteral();
        return children;
    }

    private static string TrimExpression(string expression)
    {
        var result = Js.JsTrim(expression);
        if (result.StartsWith('$')) result = result[1..];
        result = Js.JsTrim(result);
        if (result.StartsWith('{') && result.EndsWith('}')) result = result[1..^1];
        return Js.JsTrim(result);
    }

    /// <summary>End (exclusive) of a TEMPLATE token starting at <paramref name="start"/>, or -1.</summary>
    private static int MatchTemplate(string s, int start)
    {
        if (start + 1 >= s.Length || s[start + 1] != '{') return -1;
        var i = start + 2;
        var any = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '\'' or '"')
            {
                var e = MatchString(s, i);
                if (e < 0) return -1;
                i = e;
                any = true;
            }
            else if (c == '{')
            {
                var e = MatchObject(s, i);
                if (e < 0) return -1;
                i = e;
                any = true;
            }
            else if (c is '}' or '\r' or '\n' or '`')
            {
                break;
            }
            else
            {
                i++;
                any = true;
            }
        }
        return any && i < s.Length && s[i] == '}' ? i + 1 : -1;
    }

    private static int MatchString(string s, int start)
    {
        var q = s[start];
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == '\\' && i + 1 < s.Length && (s[i + 1] == q || s[i + 1] == '\\'))
            {
                i += 2;
                continue;
            }
            if (s[i] == q) return i + 1;
            i++;
        }
        return -1;
    }

    private static int MatchObject(string s, int start)
    {
        var i = start + 1;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\t' or '\ufeff' or '\u00a0')
            {
                i++;
                continue;
            }
            if (c == '}') return i + 1;
            // key
            if (c is '\'' or '"')
            {
                i = MatchString(s, i);
                if (i < 0) return -1;
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '#' or '@' or '$' or '%')
            {
                i++;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
            }
            else
            {
                return -1;
            }
            if (i >= s.Length || s[i] != ':') return -1;
            i++;
            var any = false;
            while (i < s.Length)
            {
                var v = s[i];
                if (v is '\'' or '"')
                {
                    i = MatchString(s, i);
                    if (i < 0) return -1;
                }
                else if (v == '{')
                {
                    i = MatchObject(s, i);
                    if (i < 0) return -1;
                }
                else if (v is '}' or '\r' or '\n' or '`')
                {
                    break;
                }
                else
                {
                    i++;
                }
                any = true;
            }
            if (!any) return -1;
        }
        return -1;
    }
}
