using Bitacora.Bot.Registry;

namespace Bitacora.Bot.Tests.Registry;

public sealed class CatalogTests
{
    [Fact]
    public void The_shipped_catalog_has_the_nine_programmes_and_seven_disciplines()
    {
        var catalog = RegistryCatalog.LoadDefault();

        Assert.Equal(9, catalog.Programmes.Count);
        Assert.Equal(7, catalog.Disciplines.Count);
        Assert.Equal(16, catalog.Regions.Count);
        Assert.Equal("Jardín Infantil Clásico de Administración Directa", catalog.FindProgramme("jardin_clasico_ad")!.Label);
        Assert.Equal("cash", catalog.FindProgramme("modalidad conozca a su hijo (cash)")!.Id);
    }

    [Theory]
    [InlineData("16")]
    [InlineData("XVI")]
    [InlineData("Ñuble")]
    [InlineData("nuble")]
    [InlineData("REGIÓN DE ÑUBLE")]
    public void Regions_are_found_by_code_roman_numeral_or_name(string typed)
    {
        Assert.Equal("16", RegistryCatalog.LoadDefault().FindRegion(typed)!.Code);
    }

    [Fact]
    public void A_single_digit_code_finds_its_region()
    {
        Assert.Equal("Región del Maule", RegistryCatalog.LoadDefault().FindRegion("7")!.Name);
    }

    [Fact]
    public void The_shipped_texts_have_every_key_the_code_uses()
    {
        var texts = RegistryTexts.LoadDefault();

        Assert.All(RegistryTextKeys.All, k => Assert.Contains(k, texts.Keys));
        Assert.Equal("Línea 4: x", texts.Format(RegistryTextKeys.CliLine, ("line", 4), ("reason", "x")));
    }

    [Fact]
    public void A_texts_file_missing_a_key_is_refused_with_its_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => RegistryTexts.Load("{\"cli.line\":\"x\"}"));
        Assert.Contains(RegistryTextKeys.RoleLabel(Bitacora.Bot.Registry.Model.Role.AsesorEtt), e.Message);
    }

    [Fact]
    public void A_catalog_with_a_duplicate_id_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, RegistryCatalog.RelativePath))
            .Replace("\"id\": \"jardin_vtf\"", "\"id\": \"jardin_clasico_ad\"");

        var e = Assert.Throws<InvalidDataException>(() => RegistryCatalog.Load(json));
        Assert.Contains("programmes", e.Message);
    }
}
