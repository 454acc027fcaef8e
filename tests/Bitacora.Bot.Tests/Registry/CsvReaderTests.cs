using Bitacora.Bot.Registry.Csv;

namespace Bitacora.Bot.Tests.Registry;

public sealed class CsvReaderTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks_and_keeps_line_numbers()
    {
        var text = "a,b,c\r\n" +
                   "1,\"Chillán, Bulnes\",\"dice \"\"hola\"\"\"\r\n" +
                   "2,\"dos\nlíneas\",x\n" +
                   "\n" +
                   "3,,\"\"\n";

        var records = CsvReader.Read(text).ToList();

        Assert.Equal([1, 2, 3, 6], records.Select(r => r.LineNumber));
        Assert.Equal(["1", "Chillán, Bulnes", "dice \"hola\""], records[1].Fields);
        Assert.Equal(["2", "dos\nlíneas", "x"], records[2].Fields);
        Assert.Equal(["3", "", ""], records[3].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Ignores_a_utf8_bom_and_reads_a_last_line_without_line_end()
    {
        var records = CsvReader.Read("\uFEFFregion,number\nÑuble,1").ToList();

        Assert.Equal(["region", "number"], records[0].Fields);
        Assert.Equal(["Ñuble", "1"], records[1].Fields);
    }

    [Fact]
    public void A_stray_quote_marks_only_its_record_and_reading_goes_on()
    {
        var records = CsvReader.Read("a,b\n1,dice \"hola\"\n2,ok\n3,\"x\"y\n4,fin\n").ToList();

        Assert.Equal(CsvError.StrayQuote, records[1].Error);
        Assert.Null(records[2].Error);
        Assert.Equal(CsvError.StrayQuote, records[3].Error);
        Assert.Equal(["4", "fin"], records[4].Fields);
        Assert.Equal(5, records[4].LineNumber);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_on_the_line_it_starts()
    {
        var records = CsvReader.Read("a,b\n1,ok\n2,\"sin cierre\n3,x\n").ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(3, records[2].LineNumber);
        Assert.Equal(CsvError.UnterminatedQuote, records[2].Error);
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("con, coma")]
    [InlineData("con \"comillas\"")]
    [InlineData("dos\r\nlíneas")]
    [InlineData(" espacio ")]
    [InlineData("")]
    public void Writer_output_reads_back_identically(string value)
    {
        var line = CsvWriter.Line(["x", value, "y"]);

        var record = Assert.Single(CsvReader.Read(line + "\r\n"));

        Assert.Equal(["x", value, "y"], record.Fields);
    }
}
