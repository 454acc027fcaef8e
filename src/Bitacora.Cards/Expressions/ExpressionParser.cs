using System.Globalization;

namespace Bitacora.Cards.Expressions;

/// <summary>A syntax or validation error found while parsing, with the offset in the expression text.</summary>
internal sealed class ExpressionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// Recursive-descent parser for the Adaptive Expressions grammar (ExpressionAntlrParser.g4 of adaptive-expressions):
/// same tokens, same precedence, same tree shape as the official visitor, so toString and paths match.
/// </summary>
internal sealed class ExpressionParser
{
    private enum Tok { End, Number, String, Identifier, Op, Invalid }

    private readonly record struct Token(Tok Kind, string Text, int Position);

    private readonly List<Token> _tokens;
    private int _pos;

    private ExpressionParser(List<Token> tokens) => _tokens = tokens;

    public static Expr Parse(string text)
    {
        if (text.Length == 0) return new ConstantExpr("");
        var parser = new ExpressionParser(Lex(text));
        var e = parser.ParseExpression(0);
        if (parser.Peek.Kind != Tok.End) throw parser.Error();
        return e;
    }

    private Token Peek => _tokens[_pos];

    private ExpressionSyntaxException Error() =>
        new($"syntax error at position {Peek.Position + 1} near '{(Peek.Kind == Tok.End ? "end" : Peek.Text)}'", Peek.Position);

    private bool IsOp(string op) => Peek.Kind == Tok.Op && Peek.Text == op;

    private void Expect(string op)
    {
        if (!IsOp(op)) throw Error();
        _pos++;
    }

    // Binary precedence levels, loosest first (the grammar lists them tightest first).
    private static readonly string[][] Levels =
    [
        ["??"], ["||"], ["&&"], ["<", "<=", ">", ">="], ["&"], ["==", "!=", "<>"], ["+", "-"], ["*", "/", "%"], ["^"],
    ];

    private Expr ParseExpression(int level)
    {
        if (level == 0)
        {
            // ternary is looser than everything: cond ? a : b
            var cond = ParseExpression(1);
            while (IsOp("?"))
            {
                _pos++;
                var a = ParseExpression(0);
                Expect(":");
                var b = ParseExpression(1);
                cond = Call("if", cond, a, b);
            }
            return cond;
        }
        var l = level - 1;
        if (l >= Levels.Length) return ParseUnary();
        if (Levels[l][0] == "^")
        {
            var left = ParseExpression(level + 1);
            if (IsOp("^"))
            {
                _pos++;
                var right = ParseExpression(level); // right-associative
                return Call("^", left, right);
            }
            return left;
        }
        var result = ParseExpression(level + 1);
        while (Peek.Kind == Tok.Op && Array.IndexOf(Levels[l], Peek.Text) >= 0)
        {
            var op = Peek.Text;
            _pos++;
            var right = ParseExpression(level + 1);
            result = Call(op, result, right);
        }
        return result;
    }

    private Expr ParseUnary()
    {
        if (Peek.Kind == Tok.Op && Peek.Text is "!" or "-" or "+")
        {
            var op = Peek.Text;
            _pos++;
            var operand = ParseUnary();
            return op == "!" ? Call("!", operand) : Call(op, new ConstantExpr(0d), operand);
        }
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var start = _pos;
        var t = Peek;
        Expr e;
        switch (t.Kind)
        {
            case Tok.Number:
                _pos++;
                e = new ConstantExpr(double.Parse(t.Text, CultureInfo.InvariantCulture));
                break;
            case Tok.String:
                _pos++;
                e = new ConstantExpr(UnquoteString(t.Text));
                break;
            case Tok.Identifier:
                _pos++;
                e = t.Text switch
                {
                    "false" => new ConstantExpr(false),
                    "true" => new ConstantExpr(true),
                    "null" => new ConstantExpr(null),
                    "undefined" => new ConstantExpr(Undefined.Value),
                    _ => new AccessorExpr(t.Text, null),
                };
                break;
            case Tok.Op when t.Text == "(":
                _pos++;
                e = ParseExpression(0);
                Expect(")");
                break;
            case Tok.Op when t.Text == "[":
                _pos++;
                e = Call("createArray", IsOp("]") ? [] : ParseArgs("]"));
                Expect("]");
                break;
            case Tok.Op when t.Text == "{":
                _pos++;
                e = ParseObject();
                break;
            default:
                throw Error();
        }
        while (true)
        {
            if (IsOp("."))
            {
                _pos++;
                if (Peek.Kind != Tok.Identifier) throw Error();
                e = new AccessorExpr(Peek.Text, e);
                _pos++;
            }
            else if (IsOp("(") || (IsOp("!") && _tokens[_pos + 1] is { Kind: Tok.Op, Text: "(" }))
            {
                var name = string.Concat(_tokens.Skip(start).Take(_pos - start).Select(x => x.Text));
                if (IsOp("!"))
                {
                    name += "!";
                    _pos++;
                }
                _pos++;
                var args = IsOp(")") ? [] : ParseArgs(")");
                Expect(")");
                e = Call(name, args);
            }
            else if (IsOp("["))
            {
                _pos++;
                var index = ParseExpression(0);
                Expect("]");
                e = new ElementExpr(e, index);
            }
            else
            {
                return e;
            }
        }
    }

    private Expr[] ParseArgs(string close)
    {
        var args = new List<Expr>();
        while (true)
        {
            if (Peek.Kind == Tok.Identifier && _tokens[_pos + 1] is { Kind: Tok.Op, Text: "=>" })
            {
                args.Add(new AccessorExpr(Peek.Text, null));
                _pos += 2;
            }
            args.Add(ParseExpression(0));
            if (IsOp(","))
            {
                _pos++;
                continue;
            }
            if (!IsOp(close)) throw Error();
            return args.ToArray();
        }
    }

    private Expr ParseObject()
    {
        Expr e = Call("json", new ConstantExpr("{}"));
        if (IsOp("}"))
        {
            _pos++;
            return e;
        }
        while (true)
        {
            string key;
            if (Peek.Kind == Tok.Identifier) key = Peek.Text;
            else if (Peek.Kind == Tok.String) key = Peek.Text[1..^1];
            else throw Error();
            _pos++;
            Expect(":");
            var value = ParseExpression(0);
            e = Call("setProperty", e, new ConstantExpr(key), value);
            if (IsOp(","))
            {
                _pos++;
                continue;
            }
            Expect("}");
            return e;
        }
    }

    private Expr Call(string name, params Expr[] args)
    {
        var def = Functions.Lookup(name);
        var call = new CallExpr(Functions.CanonicalName(name), def, args);
        def.Validate(call);
        return call;
    }

    private static string UnquoteString(string text)
    {
        var q = text[0];
        var inner = text[1..^1].Replace("\\" + q, q.ToString());
        // evalEscape: \r \n \t \\ become characters; other backslash pairs stay.
        var sb = new System.Text.StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\' && i + 1 < inner.Length && inner[i + 1] is not ('\r' or '\n'))
            {
                var n = inner[i + 1];
                switch (n)
                {
                    case 'r': sb.Append('\r'); break;
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case '\\': sb.Append('\\'); break;
                    default: sb.Append(c).Append(n); break;
                }
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static readonly string[] Operators =
    [
        "==", "!=", "<>", "&&", "||", "<=", ">=", "=>", "??",
        "+", "-", "!", "^", "*", "/", "%", "&", "<", ">", "(", ")", ".", "[", "]", "{", "}", ",", ":", "?",
    ];

    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\t' or '\ufeff' or '\u00a0' or '\n')
            {
                i++;
                continue;
            }
            if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
            {
                i += 2;
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                }
                tokens.Add(new(Tok.Number, s[start..i], start));
                continue;
            }
            if (c is '\'' or '"')
            {
                var start = i;
                i++;
                var closed = false;
                while (i < s.Length)
                {
                    if (s[i] == '\\' && i + 1 < s.Length && (s[i + 1] == c || s[i + 1] == '\\'))
                    {
                        i += 2;
                        continue;
                    }
                    if (s[i] == c)
                    {
                        i++;
                        closed = true;
                        break;
                    }
                    i++;
                }
                if (!closed) throw new ExpressionSyntaxException($"unterminated string at position {start + 1}", start);
                tokens.Add(new(Tok.String, s[start..i], start));
                continue;
            }
            // IDENTIFIER: (LETTER | '_' | '#' | '@' | '@@' | '$' | '%') (LETTER | DIGIT | '_')*, longest match wins.
            if (char.IsAsciiLetter(c) || c is '_' or '#' or '@' or '$' or '%')
            {
                var start = i;
                var j = i + 1;
                if (c == '@' && j < s.Length && s[j] == '@') j++;
                var bodyStart = j;
                while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_')) j++;
                if (c == '%' && j == bodyStart)
                {
                    tokens.Add(new(Tok.Op, "%", start));
                    i++;
                    continue;
                }
                tokens.Add(new(Tok.Identifier, s[start..j], start));
                i = j;
                continue;
            }
            var matched = false;
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0)
                {
                    tokens.Add(new(Tok.Op, op, i));
                    i += op.Length;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                throw new ExpressionSyntaxException($"syntax error at position {i + 1}: unexpected character '{c}'", i);
            }
        }
        tokens.Add(new(Tok.End, "", s.Length));
        tokens.Add(new(Tok.End, "", s.Length));
        return tokens;
    }
}
