using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Time;

/// <summary>A fresh acme employee, signed in, who may log to the three demo projects.</summary>
public sealed record TimePerson(Guid Id, string Email, HttpClient Client, Guid AcmeId);

/// <summary>
/// Fresh people for tests that track time, so no test sees another's entries (or a timer someone else left running).
/// </summary>
internal static class TimePeople
{
    public const string Password = "plain lowercase words are fine here";

    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static async Task<TimePerson> CreateAsync(TimeTrackFactory factory, string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.test";
        var id = Guid.CreateVersion7();
        var acmeId = await factory.Database.OrganizationIdAsync("acme");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var created = await users.CreateAsync(
                new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = prefix },
                Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>().AddMemberAsync(acmeId, id, OrgRole.Employee);
        }

        await using (var tenant = InAcme(factory, acmeId))
        {
            var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var projects = await db.Projects.Where(p => DemoProjects.Contains(p.Name)).Select(p => p.Id).ToListAsync();
            Assert.Equal(DemoProjects.Length, projects.Count);
            db.ProjectMembers.AddRange(projects.Select(projectId => new ProjectMember { ProjectId = projectId, UserId = id }));
            await db.SaveChangesAsync();
        }

        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email, Password);
        return new TimePerson(id, email, client, acmeId);
    }

    public static readonly string[] DemoProjects = ["Website relaunch", "Mobile app", "Internal tools"];

    public static AsyncServiceScope InAcme(TimeTrackFactory factory, Guid acmeId, Guid? userId = null) =>
        factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acmeId, userId);

    public static async Task<Guid> ProjectIdAsync(TimeTrackFactory factory, Guid acmeId, string name)
    {
        await using var tenant = InAcme(factory, acmeId);
        return await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects
            .Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    public static async Task<List<TimeEntry>> EntriesOfAsync(TimeTrackFactory factory, TimePerson person)
    {
        await using var tenant = InAcme(factory, person.AcmeId);
        return await tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking()
            .Include(e => e.Tags)
            .Where(e => e.UserId == person.Id)
            .OrderBy(e => e.Start)
            .ToListAsync();
    }

    public static LocalDate Today => SystemClock.Instance.GetCurrentInstant().InZone(Berlin).Date;

    /// <summary>Monday of last week in Berlin: the demo organization's weeks start on Monday.</summary>
    public static LocalDate LastMonday
    {
        get
        {
            var aWeekAgo = Today.PlusDays(-7);
            return aWeekAgo.PlusDays(1 - (int)aWeekAgo.DayOfWeek);
        }
    }
}
