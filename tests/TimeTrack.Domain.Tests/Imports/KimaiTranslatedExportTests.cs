using NodaTime;
using TimeTrack.Domain.Imports;

namespace TimeTrack.Domain.Tests.Imports;

/// <summary>Kimai's CSV export with its header in the exporting user's language.</summary>
public sealed class KimaiTranslatedExportTests
{
    [Fact]
    public void A_german_export_in_windows_1252_with_semicolons_day_first_dates_and_decimal_commas_is_read()
    {
        var reading = Exports.Read("kimai/german-windows-1252.csv");

        Assert.Equal(TrackerFormat.Kimai, reading.Export.Format);
        Assert.Equal(ExportEncoding.Windows1252, reading.Export.Encoding);
        Assert.Equal(';', reading.Export.Delimiter);
        Assert.Equal(DateOrder.DayFirst, reading.Export.DateOrder);
        Assert.Equal(',', reading.Export.DecimalSeparator);
        Assert.Empty(reading.Rejected);

        var first = reading.Entry(2);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 9, 0), first.Start);
        Assert.Equal(Duration.FromMinutes(90), first.Duration);
        Assert.Equal("Jürgen Müller", first.UserName);
        Assert.Equal("juergen@example.test", first.UserEmail);
        Assert.Equal("Bäckerei Größ GmbH", first.Client);
        Assert.Equal("Website", first.Project);
        Assert.Equal("Gestaltung", first.Task);
        Assert.Equal("Entwürfe für Größe", first.Description);
        Assert.True(first.Billable);
        Assert.Equal(80m, first.Rate);
        Assert.Equal(120m, first.Amount);
        Assert.Equal("EUR", first.Currency);

        var second = reading.Entry(3);
        Assert.Equal(new LocalDateTime(2026, 4, 2, 14, 0), second.Start);
        Assert.Equal(Duration.FromMinutes(135), second.Duration);
        Assert.False(second.Billable);
    }

    [Fact]
    public void A_french_export_is_read()
    {
        var reading = Exports.Read("kimai/french.csv");

        Assert.Equal(TrackerFormat.Kimai, reading.Export.Format);
        Assert.Empty(reading.Rejected);

        var first = reading.Entry(2);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 9, 0), first.Start);
        Assert.Equal(new LocalDateTime(2026, 3, 13, 10, 30), first.End);
        Assert.Equal(Duration.FromMinutes(90), first.Duration);
        Assert.Equal("Élodie Martin", first.UserName);
        Assert.Equal("Café Noir SARL", first.Client);
        Assert.Equal("Site web", first.Project);
        Assert.Equal("Conception", first.Task);
        Assert.Equal(["frontend", "revue"], first.Tags);
        Assert.True(first.Billable);
        Assert.Equal(80m, first.Rate);

        var second = reading.Entry(3);
        Assert.Equal(new LocalDateTime(2026, 4, 2, 14, 0), second.Start);
        Assert.False(second.Billable);
        Assert.Null(second.Rate);
    }

    [Theory]
    [InlineData("Fecha,Desde,Hasta,Duración,Nombre,Cliente,Proyecto,Actividad,Descripción,Facturable\n2026-03-02,09:00,10:00,1,Ada,Acme,Web,Diseño,Bocetos,Sí\n")]
    [InlineData("Datum,Van,Tot,Duur,Naam,Klant,Project,Activiteit,Omschrijving,Factureerbaar\n2026-03-02,09:00,10:00,1,Ada,Acme,Web,Ontwerp,Schetsen,Ja\n")]
    public void Spanish_and_dutch_headers_are_read(string text)
    {
        var entry = Assert.Single(Exports.ReadText(text).Entries);

        Assert.Equal(new LocalDateTime(2026, 3, 2, 9, 0), entry.Start);
        Assert.Equal("Acme", entry.Client);
        Assert.True(entry.Billable);
    }
}
