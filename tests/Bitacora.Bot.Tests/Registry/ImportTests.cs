using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class ImportTests(AzuriteFixture azurite)
{
    private const string TerritoryHeader = "region,number,name,communes,units_jardin_clasico_ad,staff_nutricionista,representative";

    [Fact]
    public async Task The_sample_set_imports_cleanly_and_reads_back_by_every_key()
    {
        var registry = new TestRegistry(azurite);

        await registry.LoadSamplesAsync();

        var territories = await registry.Territories.ListByRegionAsync("16");
        Assert.Equal(["Diguillín", "Punilla Itata"], territories.Select(t => t.Name));
        var diguillin = await registry.Territories.GetAsync("16-1");
        Assert.NotNull(diguillin);
        Assert.Equal("Región de Ñuble", diguillin.RegionName);
        Assert.Contains("Chillán Viejo", diguillin.Communes);
        Assert.Equal(9, diguillin.UnitsByProgramme["jardin_vtf"]);
        Assert.Equal(["Alex Wilber", "Camila Rojas Muñoz"], diguillin.StaffByDiscipline["educador_parvulos"]);
        Assert.Equal("Mensual, primer martes de cada mes (09:00 a 12:00)", diguillin.Organisation.MeetingFrequency);

        var units = await registry.Units.ListByTerritoryAsync("16-2");
        Assert.Equal(6, units.Count);
        Assert.True(UnitCode.TryParse("rbd:41202", out var golondrinas));
        var unit = await registry.Units.GetAsync(golondrinas);
        Assert.Equal("Bulnes", unit!.Commune);
        Assert.Equal(["director", "subdirector"], unit.Contacts.Select(c => c.RoleId));

        var alex = await registry.People.FindByAadObjectIdAsync("00000000-0000-0000-0000-0000000000020");
        Assert.Equal("alexw@example.com", alex!.Email);
        Assert.Equal("12345678-5", alex.Rut);
        Assert.Equal(["16-1"], alex.Roles.CoordinatedTerritories);
        Assert.Equal("Alex Wilber", (await registry.People.FindByTeamsUserIdAsync("user-id-0"))!.Name);
        Assert.Equal("Megan Bowen", (await registry.People.FindByEmailAsync("MeganB@Example.com "))!.Name);
        var people = await registry.People.ListByTerritoryAsync("16-2");
        Assert.Contains(people, p => p.Name == "Rayén Huenchumilla Painemal" && p.Roles.DirectiveUnits.Contains("junji:16301005"));
    }

    [Fact]
    public async Task Reimporting_the_same_files_reports_every_row_unchanged_and_rewrites_nothing()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var before = await registry.SnapshotAsync();

        var territories = await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        var units = await registry.ImportAsync(ImportKind.Units, TestRegistry.Sample("units.csv"));
        var people = await registry.ImportAsync(ImportKind.People, TestRegistry.Sample("people.csv"));

        Assert.Equal((0, 0, 2), (territories.Created, territories.Updated, territories.Unchanged));
        Assert.Equal((0, 0, 13), (units.Created, units.Updated, units.Unchanged));
        Assert.Equal((0, 0, 16), (people.Created, people.Updated, people.Unchanged));
        Assert.Equal(before, await registry.SnapshotAsync());
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_reason_while_good_rows_go_in()
    {
        var registry = new TestRegistry(azurite);
        var csv = TerritoryHeader + "\n" +
                  "Ñuble,1,Diguillín,Chillán|Bulnes,3,Ana Pérez,Ana Pérez\n" +          // line 2: fine
                  "Atlántida,2,Uno,Chillán,1,,\n" +                                     // line 3: unknown region
                  "16,x,Dos,Chillán,1,,\n" +                                            // line 4: bad number
                  "16,3,Tres,,1,,\n" +                                                  // line 5: no communes
                  "16,4,Cuatro,Pinto,-2,,\n" +                                          // line 6: negative count
                  "16,5,\"Cinco, con coma\",\"Quillón|Pinto|quillon\",1,,\n" +          // line 7: repeated commune
                  "16,6,Seis,Pinto,1\n" +                                               // line 8: too few fields
                  "\"16,7,Siete,Pinto,1,,\n" +                                          // line 9: quote never closed
                  "";

        var report = await registry.ImportAsync(ImportKind.Territories, csv);

        Assert.True(report.Applied);
        Assert.Equal(1, report.Created);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], report.Errors.Select(e => e.Line));
        Assert.Contains("región desconocida: «Atlántida»", report.Errors[0].Reason);
        Assert.Contains("número de territorio inválido: «x»", report.Errors[1].Reason);
        Assert.Contains("«communes»", report.Errors[2].Reason);
        Assert.Contains("«units_jardin_clasico_ad»", report.Errors[3].Reason);
        Assert.Contains("la comuna «Quillón» está repetida", report.Errors[4].Reason);
        Assert.Contains("la fila tiene 5 columnas y el encabezado tiene 7", report.Errors[5].Reason);
        Assert.Contains("comillas", report.Errors[6].Reason);
        Assert.NotNull(await registry.Territories.GetAsync("16-1"));
        Assert.Null(await registry.Territories.GetAsync("16-4"));
    }

    [Fact]
    public async Task Strict_mode_writes_nothing_when_any_row_is_invalid_but_still_previews_the_valid_rows()
    {
        var registry = new TestRegistry(azurite);
        var csv = TerritoryHeader + "\n16,1,Uno,Chillán,1,,\n16,2,Dos,Pinto,muchos,,\n";

        var report = await registry.ImportAsync(ImportKind.Territories, csv, new ImportOptions(Strict: true));

        Assert.False(report.Applied);
        Assert.Equal(3, Assert.Single(report.Errors).Line);
        Assert.Equal(WriteOutcome.Created, Assert.Single(report.Rows).Outcome);
        Assert.Empty(await registry.SnapshotAsync());
    }

    [Fact]
    public async Task Dry_run_reports_what_would_change_and_changes_nothing()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var before = await registry.SnapshotAsync();
        var edited = TestRegistry.Sample("territories.csv").Replace("Quincenal (segundo y cuarto jueves)", "Semanal", StringComparison.Ordinal)
                     + "Ñuble,3,Laja Diguillín,Yungay|Pemuco|El Carmen,1,,,,,,,,,,,,,,,,,,,\n";

        var report = await registry.ImportAsync(ImportKind.Territories, edited, new ImportOptions(DryRun: true));

        Assert.False(report.Applied);
        Assert.Empty(report.Errors);
        Assert.Equal(
            [("16-1", WriteOutcome.Unchanged), ("16-2", WriteOutcome.Updated), ("16-3", WriteOutcome.Created)],
            report.Rows.Select(r => (r.Key, r.Outcome)));
        Assert.Equal(before, await registry.SnapshotAsync());
    }

    [Fact]
    public async Task A_header_with_an_unknown_or_missing_column_stops_the_import_with_a_clear_reason()
    {
        var registry = new TestRegistry(azurite);

        var unknown = await registry.ImportAsync(ImportKind.Territories, "region,number,name,communes,comuna_extra\n16,1,A,B,C\n");
        var missing = await registry.ImportAsync(ImportKind.Territories, "region,name\n16,A\n");
        var empty = await registry.ImportAsync(ImportKind.Territories, "");

        Assert.Contains("columnas desconocidas en el encabezado: comuna_extra", Assert.Single(unknown.Errors).Reason);
        Assert.Contains("faltan columnas obligatorias en el encabezado: number, communes", Assert.Single(missing.Errors).Reason);
        Assert.Contains("está vacío", Assert.Single(empty.Errors).Reason);
        Assert.All([unknown, missing, empty], r => Assert.False(r.Applied));
        Assert.Empty(await registry.SnapshotAsync());
    }

    [Fact]
    public async Task Units_are_checked_against_their_territory_and_communes_take_the_territory_spelling()
    {
        var registry = new TestRegistry(azurite);
        await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        var csv = "territory,code_type,code,name,programme,commune,contact_names,contact_roles,contact_emails\n" +
                  "16-2,junji,16301009,Jardín Nuevo,JARDIN INFANTIL CLASICO DE ADMINISTRACION DIRECTA,niquen,Ana Soto,director,Ana.Soto@Junji.Example\n" + // 2 ok
                  "16-2,rbd,41305-9,Otro,jardin_vtf,Coelemu,,,\n" +            // 3 wrong check digit
                  "16-2,rbd,12A45,Otro,jardin_vtf,Coelemu,,,\n" +              // 4 malformed rbd
                  "16-9,junji,16309999,Otro,pmi,Coelemu,,,\n" +                // 5 unknown territory
                  "16-2,junji,16309998,Otro,pmi,Chillán,,,\n" +                // 6 commune of another territory
                  "16-2,junji,16309997,Otro,guarderia,Coelemu,,,\n" +          // 7 unknown programme
                  "16-2,cole,123,Otro,pmi,Coelemu,,,\n" +                      // 8 unknown code type
                  "16-2,junji,16309996,Otro,pmi,Coelemu,Ana|Luis,director,\n" + // 9 contacts do not line up
                  "16-2,junji,16301009,Repetido,pmi,Coelemu,,,\n";             // 10 duplicate of line 2

        var report = await registry.ImportAsync(ImportKind.Units, csv);

        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], report.Errors.Select(e => e.Line));
        Assert.Contains("dígito verificador del RBD «41305-9»", report.Errors[0].Reason);
        Assert.Contains("RBD inválido", report.Errors[1].Reason);
        Assert.Contains("el territorio 16-9 no existe", report.Errors[2].Reason);
        Assert.Contains("la comuna «Chillán» no pertenece al territorio 16-2", report.Errors[3].Reason);
        Assert.Contains("programa o modalidad desconocido: «guarderia»", report.Errors[4].Reason);
        Assert.Contains("tipo de código «cole»", report.Errors[5].Reason);
        Assert.Contains("2 nombres, 1 cargos", report.Errors[6].Reason);
        Assert.Contains("junji:16301009 ya aparece en la línea 2", report.Errors[7].Reason);
        Assert.True(UnitCode.TryParse("junji:16301009", out var code));
        var unit = await registry.Units.GetAsync(code);
        Assert.Equal(("Ñiquén", "jardin_clasico_ad"), (unit!.Commune, unit.ProgrammeId));
        Assert.Equal("ana.soto@junji.example", Assert.Single(unit.Contacts).Email);
    }

    [Fact]
    public async Task People_rows_validate_rut_email_roles_and_references()
    {
        var registry = new TestRegistry(azurite);
        await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        await registry.ImportAsync(ImportKind.Units, TestRegistry.Sample("units.csv"));
        var csv = "email,name,rut,territories,roles,directive_units,coordinated_regions\n" +
                  "Nueva.Persona@Junji.Example,Nueva Persona,11.222.333-9,16-1|16-2,asesor_ett|administrador,,Ñuble\n" + // 2 ok
                  "sin-arroba,Alguien,,,,,\n" +                               // 3 email
                  "a@junji.example,Alguien,11.222.333-8,,,,\n" +             // 4 rut check digit
                  "b@junji.example,Alguien,,16-7,,,\n" +                     // 5 unknown territory
                  "c@junji.example,Alguien,,,jefe_supremo,,\n" +             // 6 unknown role
                  "d@junji.example,Alguien,,,,rbd:99999,\n" +                // 7 unknown unit
                  "e@junji.example,Alguien,,,,,Atlántida\n";                 // 8 unknown region

        var report = await registry.ImportAsync(ImportKind.People, csv);

        Assert.Equal([3, 4, 5, 6, 7, 8], report.Errors.Select(e => e.Line));
        Assert.Contains("correo inválido", report.Errors[0].Reason);
        Assert.Contains("RUT inválido: «11.222.333-8»", report.Errors[1].Reason);
        Assert.Contains("el territorio 16-7 no existe", report.Errors[2].Reason);
        Assert.Contains("rol desconocido: «jefe_supremo»", report.Errors[3].Reason);
        Assert.Contains("la unidad rbd:99999 no existe", report.Errors[4].Reason);
        Assert.Contains("región desconocida: «Atlántida»", report.Errors[5].Reason);
        var person = await registry.People.FindByEmailAsync("nueva.persona@junji.example");
        Assert.Equal("11222333-9", person!.Rut);
        Assert.Equal([Role.AsesorEtt, Role.CoordinadorRegional, Role.Administrador], person.Roles.All);
        Assert.Equal(["16"], person.Roles.CoordinatedRegions);
        Assert.Contains(await registry.People.ListByTerritoryAsync("16-2"), p => p.Email == "nueva.persona@junji.example");
    }

    [Fact]
    public async Task Moving_a_person_or_a_unit_updates_the_territory_lists()
    {
        var registry = new TestRegistry(azurite);
        await registry.LoadSamplesAsync();
        var people = TestRegistry.Sample("people.csv").Replace("j.soto@junji.example,Javiera Soto Peña,,,,educador_diferencial,16-1",
            "j.soto@junji.example,Javiera Soto Peña,,,,educador_diferencial,16-2", StringComparison.Ordinal);
        var units = TestRegistry.Sample("units.csv").Replace("16-1,junji,16101105,PMI Caminito de Colores,pmi,Pinto",
            "16-2,junji,16101105,PMI Caminito de Colores,pmi,Coihueco", StringComparison.Ordinal);

        var peopleReport = await registry.ImportAsync(ImportKind.People, people);
        var unitsReport = await registry.ImportAsync(ImportKind.Units, units);

        Assert.Equal(1, peopleReport.Updated);
        Assert.Equal(1, unitsReport.Updated);
        Assert.DoesNotContain(await registry.People.ListByTerritoryAsync("16-1"), p => p.Email == "j.soto@junji.example");
        Assert.Contains(await registry.People.ListByTerritoryAsync("16-2"), p => p.Email == "j.soto@junji.example");
        Assert.DoesNotContain(await registry.Units.ListByTerritoryAsync("16-1"), u => u.Code.Id == "junji:16101105");
        Assert.Contains(await registry.Units.ListByTerritoryAsync("16-2"), u => u.Code.Id == "junji:16101105");
    }

    [Fact]
    public async Task A_card_correction_on_a_stale_etag_is_a_conflict_and_does_not_overwrite_the_import()
    {
        var registry = new TestRegistry(azurite);
        await registry.ImportAsync(ImportKind.Territories, TestRegistry.Sample("territories.csv"));
        var onTheCard = (await registry.Territories.GetAsync("16-1"))!;

        // Meanwhile an import changes the representative.
        var imported = await registry.ImportAsync(ImportKind.Territories,
            TestRegistry.Sample("territories.csv").Replace(",Alex Wilber,\"Mensual", ",Camila Rojas Muñoz,\"Mensual", StringComparison.Ordinal));
        var correction = await registry.Territories.UpdateAsync(
            onTheCard with { Organisation = onTheCard.Organisation with { MeetingFrequency = "Semanal" } });

        Assert.Equal(1, imported.Updated);
        Assert.Equal(WriteOutcome.Conflict, correction.Outcome);
        Assert.Null(correction.Value);
        var stored = (await registry.Territories.GetAsync("16-1"))!;
        Assert.Equal("Camila Rojas Muñoz", stored.Organisation.Representative);
        Assert.Equal("Mensual, primer martes de cada mes (09:00 a 12:00)", stored.Organisation.MeetingFrequency);

        var retried = await registry.Territories.UpdateAsync(stored with { Organisation = stored.Organisation with { MeetingFrequency = "Semanal" } });
        Assert.Equal(WriteOutcome.Updated, retried.Outcome);
        Assert.Equal("Semanal", (await registry.Territories.GetAsync("16-1"))!.Organisation.MeetingFrequency);
    }
}
