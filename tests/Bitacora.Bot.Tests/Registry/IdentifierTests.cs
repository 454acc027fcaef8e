using Bitacora.Bot.Registry.Identifiers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bitacora.Bot.Tests.Registry;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("12.345.678-5", "12345678-5")]
    [InlineData("12345678-5", "12345678-5")]
    [InlineData("123456785", "12345678-5")]
    [InlineData(" 15.876.543-8 ", "15876543-8")]
    [InlineData("10.000.013-k", "10000013-K")]
    [InlineData("10000013K", "10000013-K")]
    public void Accepts_the_usual_rut_formats_and_normalises_them(string typed, string expected)
    {
        Assert.True(Rut.TryParse(typed, out var rut));
        Assert.Equal(expected, rut.ToString());
    }

    [Theory]
    [InlineData("12.345.678-6")]
    [InlineData("12345678-K")]
    [InlineData("12.345.678")]
    [InlineData("12-345-678-5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("0-0")]
    public void Refuses_malformed_ruts_and_wrong_check_digits(string typed)
    {
        Assert.False(Rut.TryParse(typed, out _));
    }

    [Property(MaxTest = 500)]
    public Property A_rut_with_its_check_digit_passes_and_every_other_digit_fails()
    {
        var numbers = Gen.Choose(1, 99_999_999).ToArbitrary();
        return Prop.ForAll(numbers, number =>
        {
            var right = Modulo11.CheckDigit(number);
            var body = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var okPlain = Rut.TryParse($"{body}-{right}", out var parsed) && parsed.Number == number;
            var okDotted = Rut.TryParse(Dotted(number) + "-" + right, out _);
            var okCompact = Rut.TryParse(body + right, out _);
            var othersFail = "0123456789K".Where(d => d != right).All(d => !Rut.TryParse($"{body}-{d}", out _));
            return okPlain && okDotted && okCompact && othersFail;
        });
    }

    private static string Dotted(int n) => n.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("es-CL"));

    [Theory]
    [InlineData("41201", "rbd:41201", "RBD 41201-5")]
    [InlineData("41201-5", "rbd:41201", "RBD 41201-5")]
    [InlineData("41.201-5", "rbd:41201", "RBD 41201-5")]
    [InlineData("0012345", "rbd:12345", "RBD 12345-5")]
    public void Rbd_is_normalised_with_or_without_check_digit(string typed, string id, string display)
    {
        Assert.True(UnitCode.TryParseRbd(typed, out var code, out _));
        Assert.Equal(id, code.Id);
        Assert.Equal(display, code.Display);
    }

    [Theory]
    [InlineData("41201-6", "checkdigit")]
    [InlineData("4120A", "format")]
    [InlineData("1234567", "format")]
    [InlineData("1-2-3", "format")]
    public void Bad_rbds_say_why(string typed, string reason)
    {
        Assert.False(UnitCode.TryParseRbd(typed, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("rbd:41201", "rbd:41201")]
    [InlineData("RBD 41201-5", "rbd:41201")]
    [InlineData("junji:16101001", "junji:16101001")]
    [InlineData("JUNJI 16.101.001", "junji:16101001")]
    public void Unit_codes_parse_from_their_id_or_display_form(string typed, string id)
    {
        Assert.True(UnitCode.TryParse(typed, out var code));
        Assert.Equal(id, code.Id);
    }

    [Theory]
    [InlineData("Ñiquén", "NIQUEN")]
    [InlineData("Región de Ñuble", "region  de nuble")]
    [InlineData("Chillán Viejo", "chillan viejo ")]
    [InlineData("San Fabián", "SAN FABIAN")]
    public void Names_match_ignoring_case_accents_and_spacing(string stored, string typed)
    {
        Assert.True(TextMatching.SameName(stored, typed));
    }

    [Fact]
    public void Tidy_keeps_accents_and_case_and_composes_them()
    {
        var decomposed = "N\u0303iquén"; // Ñ written as N + combining tilde
        Assert.Equal("Ñiquén", TextMatching.Tidy("  " + decomposed + "  "));
        Assert.False(TextMatching.SameName("Chillán", "Chillán Viejo"));
    }
}
