using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Cards.Expressions;
using FsCheck;
using FsCheck.Xunit;

namespace Bitacora.Cards.Tests;

/// <summary>Property-based tests of the expression parser and the template engine's failure modes.</summary>
public sealed class ExpressionPropertyTests
{
    private static readonly string[] Names = ["a", "nombre", "$root", "$data", "x_1", "lista", "obj"];
    private static readonly string[] Functions = ["add", "concat", "toUpper", "if", "max", "count", "formatNumber", "createArray", "length", "not"];
    private static readonly string[] Operators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "??", "^"];

    /// <summary>A random expression from the grammar, written with arbitrary (valid) spacing and parentheses.</summary>
    private static string RandomExpression(Random r, int depth)
    {
        var choice = depth <= 0 ? r.Next(4) : r.Next(9);
        return choice switch
        {
            0 => r.Next(3) == 0 ? (r.Next(1000) / 8.0).ToString(System.Globalization.CultureInfo.InvariantCulture) : r.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "'" + RandomText(r).Replace("\\", "\\\\").Replace("'", "\\'") + "'",
            2 => Names[r.Next(Names.Length)],
            3 => r.Next(2) == 0 ? "true" : "null",
            4 => RandomExpression(r, depth - 1) + Space(r) + Operators[r.Next(Operators.Length)] + Space(r) + RandomExpression(r, depth - 1),
            5 => "(" + RandomExpression(r, depth - 1) + ")",
            6 => Names[r.Next(Names.Length)] + "." + Names[r.Next(Names.Length)].TrimStart('$') + "[" + RandomExpression(r, depth - 1) + "]",
            7 => Call(r, depth),
            _ => "!" + RandomExpression(r, depth - 1),
        };
    }

    private static string Call(Random r, int depth)
    {
        var name = Functions[r.Next(Functions.Length)];
        var arity = name switch { "if" => 3, "toUpper" or "count" or "length" or "not" => 1, "formatNumber" => 2, _ => 2 + r.Next(2) };
        return name + "(" + string.Join("," + Space(r), Enumerable.Range(0, arity).Select(_ => RandomExpression(r, depth - 1))) + ")";
    }

    private static string Space(Random r) => r.Next(3) switch { 0 => "", 1 => " ", _ => "  " };

    private static string RandomText(Random r)
    {
        const string alphabet = "abcñáéíóú ÑÍ'\\\"{}$`.,¿?";
        var sb = new StringBuilder();
        for (var i = r.Next(6); i > 0; i--) sb.Append(alphabet[r.Next(alphabet.Length)]);
        return sb.ToString();
    }

    [Property(MaxTest = 300)]
    public bool Printing_a_parsed_expression_and_parsing_it_again_gives_the_same_tree(int seed)
    {
        var text = RandomExpression(new Random(seed), 4);
        Expr first;
        try
        {
            first = ExpressionParser.Parse(text);
        }
        catch (ExpressionSyntaxException)
        {
            // Literal-type validation (e.g. formatNumber('x', 1)) may reject a generated expression; that is allowed.
            return true;
        }
        var printed = first.ToString();
        var second = ExpressionParser.Parse(printed);
        return second.ToString() == printed;
    }

    [Property(MaxTest = 500)]
    public bool Parsing_and_expanding_arbitrary_strings_only_ever_throws_TemplateException(string? text)
    {
        var value = new JsonObject { ["t"] = "x ${" + text + "} y", ["u"] = "${" + text + "}" };
        try
        {
            var template = AdaptiveCardTemplate.Parse(value.ToJsonString());
            template.Expand(JsonNode.Parse("""{"a":1,"lista":[1,2],"nombre":"Ñ"}"""));
        }
        catch (TemplateException)
        {
        }
        return true;
    }

    [Property(MaxTest = 300)]
    public bool Random_expressions_evaluate_or_fail_with_TemplateException_only(int seed)
    {
        var text = RandomExpression(new Random(seed), 3);
        var value = new JsonObject { ["whole"] = "${" + text + "}", ["inside"] = "«${" + text + "}»", ["$when"] = "${" + text + "}" };
        try
        {
            AdaptiveCardTemplate.Parse(value.ToJsonString())
                .Expand(JsonNode.Parse("""{"a":2,"nombre":"Peña","lista":[3,1],"obj":{"a":[1]}}"""));
        }
        catch (TemplateException)
        {
        }
        return true;
    }
}
