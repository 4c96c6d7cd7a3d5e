using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Invoices;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Invoices;

/// <summary>
/// Its own app and database, the clock on 25 November 2026, so September and October are released and
/// November is not. Acme bills Initech Ltd for Website relaunch (100 an hour for the organization, 120.50
/// for the project from 15 October): Alice and Bob logged billable time there in October, Carol time
/// that is not billable. Clients A to E each have a project with an hour of Alice's in September. Globex
/// bills Umbrella plc for Research (80 an hour): two hours of Dave's in October.
/// </summary>
public sealed class InvoiceFactory : PersonDataFactory
{
    public const string IssuerName = "Acme Consulting GmbH";
    public const string IssuerAddress = "Hauptstrasse 1\n10115 Berlin";
    public const string IssuerTax = "DE811111111";
    public const string ClientName = "Initech Ltd";
    public const string ClientAddress = "4120 Freidrich Lane\nAustin TX 78744";
    public const string ClientTax = "US-44-1234567";

    public static readonly LocalDate October = new(2026, 10, 1);
    public static readonly LocalDate September = new(2026, 9, 1);

    public Guid InitechId { get; private set; }

    public Guid UmbrellaId { get; private set; }

    public IReadOnlyList<Guid> SeptemberClients { get; private set; } = [];

    /// <summary>Alice's billable entry of 6 October on Website relaunch.</summary>
    public Guid AliceOctoberEntry { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alice = await Database.UserIdAsync("alice@acme.test");
        var bob = await Database.UserIdAsync("bob@acme.test");
        var carol = await Database.UserIdAsync("carol@acme.test");
        var owner = await Database.UserIdAsync("owner@acme.test");
        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var initech = new Client { Id = Guid.CreateVersion7(), Name = ClientName, BillingAddress = ClientAddress, TaxNumber = ClientTax };
            db.Clients.Add(initech);
            InitechId = initech.Id;
            var website = await db.Projects.SingleAsync(p => p.Name == "Website relaunch");
            website.ClientId = initech.Id;
            db.BillingProfiles.Add(new BillingProfile { LegalName = IssuerName, Address = IssuerAddress, TaxNumber = IssuerTax, PaymentTermsDays = 14, DefaultTaxRate = 19m });
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), EffectiveFrom = new LocalDate(2026, 1, 1), HourlyAmount = 100m, SetByUserId = owner, SetAt = Now });
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), ProjectId = website.Id, EffectiveFrom = new LocalDate(2026, 10, 15), HourlyAmount = 120.50m, SetByUserId = owner, SetAt = Now });
            var aliceEntry = Entry(alice, website.Id, Instant.FromUtc(2026, 10, 6, 7, 0), Duration.FromMinutes(150), billable: true);
            AliceOctoberEntry = aliceEntry.Id;
            db.TimeEntries.AddRange(
                aliceEntry,
                Entry(alice, website.Id, Instant.FromUtc(2026, 10, 20, 12, 0), Duration.FromMinutes(61) + Duration.FromSeconds(7), billable: true),
                Entry(bob, website.Id, Instant.FromUtc(2026, 10, 20, 8, 0), Duration.FromMinutes(77) + Duration.FromSeconds(30), billable: true),
                Entry(carol, website.Id, Instant.FromUtc(2026, 10, 21, 8, 0), Duration.FromHours(1), billable: false));

            var september = new List<Guid>();
            foreach (var (letter, day) in new[] { ("A", 7), ("B", 8), ("C", 9), ("D", 10), ("E", 11), ("F", 14) })
            {
                var client = new Client { Id = Guid.CreateVersion7(), Name = $"Client {letter}", BillingAddress = $"{letter} Street 1\nSpringfield" };
                var project = new Project { Id = Guid.CreateVersion7(), Name = $"Project {letter}", ClientId = client.Id, IsBillableByDefault = true };
                db.Clients.Add(client);
                db.Projects.Add(project);
                db.TimeEntries.Add(Entry(alice, project.Id, Instant.FromUtc(2026, 9, day, 8, 0), Duration.FromHours(1), billable: true));
                september.Add(client.Id);
            }

            SeptemberClients = september;
            await db.SaveChangesAsync();
        }

        var gus = await Database.UserIdAsync("owner@globex.test");
        var dave = await Database.UserIdAsync("dave@globex.test");
        await using (var scope = Scopes.CreateScope(GlobexId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var umbrella = new Client { Id = Guid.CreateVersion7(), Name = "Umbrella plc", BillingAddress = "1 Raccoon Road\nRaccoon City", TaxNumber = "GB123" };
            db.Clients.Add(umbrella);
            UmbrellaId = umbrella.Id;
            var research = await db.Projects.SingleAsync(p => p.Name == "Research");
            research.ClientId = umbrella.Id;
            db.BillingProfiles.Add(new BillingProfile { LegalName = "Globex Corporation", Address = "Cypress Creek 1", PaymentTermsDays = 30 });
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), EffectiveFrom = new LocalDate(2026, 1, 1), HourlyAmount = 80m, SetByUserId = gus, SetAt = Now });
            db.TimeEntries.Add(Entry(dave, research.Id, Instant.FromUtc(2026, 10, 7, 9, 0), Duration.FromHours(2), billable: true));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The invoice service of <paramref name="tenantId"/> as <paramref name="email"/> sees it, in a scope of its own.</summary>
    public async Task<(AsyncServiceScope Scope, InvoiceService Invoices, Looker Looker)> ServiceAsync(Guid tenantId, string email)
    {
        var userId = await Database.UserIdAsync(email);
        var scope = Scopes.CreateScope(tenantId, userId);
        var looker = await scope.ServiceProvider.GetRequiredService<PersonDataDoor>().AsSeenByAsync(userId);
        Assert.NotNull(looker);
        return (scope, scope.ServiceProvider.GetRequiredService<InvoiceService>(), looker);
    }

    private static TimeEntry Entry(Guid user, Guid project, Instant start, Duration length, bool billable) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = user,
        ProjectId = project,
        Start = start,
        End = start + length,
        IsBillable = billable,
        CreatedAt = start,
        UpdatedAt = start,
    };
}
