using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// An organization built to be differenced, on its own database: acme (Europe/Berlin) under an
/// aggregate-only policy with k = 5, seen by its admin Adam, who may count everyone but see only
/// himself one by one. Over August to October 2026 it has:
/// <list type="bullet">
/// <item>two teams that differ by exactly one person (Product: Alice, Bob, Carol, Finn, Hugo and Ida;
/// Platform: the same without Ida) and people in no team (Erin, Maya, Otto, Adam);</item>
/// <item>two clients (Northwind: "Portal" with outcomes, and "Audit", which only Erin works on;
/// Contoso: "Mobile app") and two projects without a client ("Website relaunch", seven people in
/// October, and "Internal tools", two people besides Adam in October);</item>
/// <item>one-person Saturdays (Hugo on 22 August, Erin on 31 October, Finn on 5 December);</item>
/// <item>a person who joins mid-period: Jon becomes a member and joins Platform after August is released;</item>
/// <item>a late entry: Ida logs time in October after October is released.</item>
/// </list>
/// The clock moves forward only: the demo seed runs on 1 August (its entries fall in July), August is
/// released on 10 September, and from then on the clock stands at Monday 7 December 2026, when
/// September, October and November are released and December is not.
/// </summary>
public sealed class DifferencingFactory : PersonDataFactory
{
    public static readonly Instant SeededAt = Instant.FromUtc(2026, 8, 1, 10, 0);

    public static readonly Instant AugustReleasedAt = Instant.FromUtc(2026, 9, 10, 10, 0);

    public static readonly Instant Today = Instant.FromUtc(2026, 12, 7, 10, 0);

    public const string ViewerEmail = "admin@acme.test";

    /// <summary>The months the audit enumerates, all released.</summary>
    public static readonly LocalDate[] AuditedMonths = [new(2026, 8, 1), new(2026, 9, 1), new(2026, 10, 1)];

    /// <summary>Released by <see cref="Today"/>; December is not.</summary>
    public static readonly LocalDate[] ReleasedMonths = [.. AuditedMonths, new(2026, 11, 1)];

    /// <summary>The late entry: Ida's 4 hours on Internal tools on 23 October, written after October was released.</summary>
    public static readonly LocalDate LateEntryDay = new(2026, 10, 23);

    // Who worked what: (person, work, month, day, hours). Work is project[/outcome].
    private static readonly (string Who, string Work, int Month, int Day, decimal Hours)[] Entries =
    [
        ("alice", "portal/launch", 8, 4, 3m), ("alice", "portal/launch", 8, 11, 2m), ("alice", "website", 8, 18, 2m),
        ("bob", "portal/launch", 8, 4, 2.5m), ("bob", "website/first", 8, 12, 3m),
        ("carol", "portal/handover", 8, 5, 2m), ("carol", "website/first", 8, 13, 1.5m),
        ("finn", "mobile", 8, 6, 4m), ("finn", "website/first", 8, 19, 2m),
        ("hugo", "portal/launch", 8, 6, 1.5m), ("hugo", "mobile", 8, 20, 2m), ("hugo", "portal", 8, 22, 3m),
        ("ida", "mobile", 8, 7, 3m), ("ida", "website/first", 8, 14, 2m),
        ("erin", "audit", 8, 10, 4m), ("erin", "tools", 8, 24, 1m),
        ("maya", "website/first", 8, 17, 2m), ("maya", "tools", 8, 25, 1.5m),
        ("adam", "tools", 8, 26, 2m), ("adam", "portal/launch", 8, 27, 1m),

        ("alice", "portal/launch", 9, 1, 2m), ("alice", "website/first", 9, 8, 3m),
        ("bob", "portal/handover", 9, 2, 2m), ("bob", "website", 9, 9, 2m),
        ("carol", "portal/launch", 9, 3, 3m), ("carol", "mobile/beta", 9, 10, 2m),
        ("finn", "mobile/beta", 9, 4, 3m), ("finn", "website/first", 9, 15, 1m),
        ("hugo", "portal/launch", 9, 7, 2m), ("hugo", "mobile", 9, 16, 2.5m),
        ("ida", "mobile/beta", 9, 8, 2m), ("ida", "website/first", 9, 17, 2m),
        ("erin", "audit", 9, 14, 3m), ("erin", "audit", 9, 28, 2m),
        ("maya", "website/first", 9, 23, 2m),
        ("adam", "tools", 9, 24, 1m),

        ("alice", "website/first", 10, 5, 3m), ("alice", "portal/launch", 10, 12, 2m),
        ("bob", "website", 10, 6, 2m), ("bob", "tools", 10, 13, 1.5m),
        ("carol", "website/first", 10, 7, 2.5m), ("carol", "tools", 10, 14, 2m),
        ("finn", "website/first", 10, 8, 2m), ("finn", "mobile", 10, 15, 3m),
        ("hugo", "website/first", 10, 9, 1m), ("hugo", "portal/handover", 10, 16, 2m),
        ("ida", "mobile", 10, 19, 2m), ("ida", "portal/launch", 10, 20, 1m),
        ("erin", "audit", 10, 26, 3m), ("erin", "audit", 10, 31, 2m),
        ("maya", "website/first", 10, 27, 1m),
        ("otto", "website/first", 10, 28, 1.5m),
        ("adam", "portal/launch", 10, 28, 1m), ("adam", "tools", 10, 29, 1m),

        ("alice", "portal/launch", 11, 10, 2m), ("alice", "website/first", 11, 30, 2m),
        ("bob", "website/first", 11, 30, 2m),
        ("carol", "website/first", 11, 30, 1.5m),
        ("finn", "mobile", 11, 12, 3m), ("finn", "website/first", 11, 30, 2m),
        ("hugo", "website/first", 11, 30, 1m),
        ("ida", "mobile", 11, 18, 2m),
        ("erin", "audit", 11, 16, 2m),
        ("adam", "tools", 11, 30, 1m),

        ("alice", "website/first", 12, 1, 2m),
        ("bob", "website", 12, 2, 1m),
        ("adam", "tools", 12, 3, 1m),
        ("finn", "mobile", 12, 5, 3.25m),
    ];

    // Jon's, written once he has joined (after August is released).
    private static readonly (string Who, string Work, int Month, int Day, decimal Hours)[] JoinerEntries =
    [
        ("jon", "portal/launch", 9, 21, 3m), ("jon", "website/first", 9, 22, 2m),
        ("jon", "portal/launch", 10, 21, 2m), ("jon", "mobile", 10, 22, 1.5m),
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<AuditAnswer>>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<AuditCell, long> _time = [];
    private readonly Dictionary<string, (Guid Project, Guid? Outcome)> _work = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Guid> _projectOfOutcome = [];
    private readonly Dictionary<string, AuditAnswer> _beforeLateEntry = new(StringComparer.Ordinal);
    private AuditWork? _audit;

    public DifferencingFactory() => Clock.Reset(SeededAt);

    /// <summary>Everyone's released time, cell by cell, with clients and team members as released: the audit's ground truth.</summary>
    public AuditWork Work => _audit ?? throw new InvalidOperationException("The factory has not been initialized.");

    /// <summary>Everything written before the late entry, December included (unreleased, so in no group figure).</summary>
    public IReadOnlyDictionary<AuditCell, long> SeededTime => _time;

    public Guid ViewerId { get; private set; }

    public IReadOnlyDictionary<string, Guid> People => _people;

    public Guid ProductTeamId { get; private set; }

    public Guid PlatformTeamId { get; private set; }

    public IReadOnlyDictionary<string, Guid> Clients => _clients;

    /// <summary>Projects by name.</summary>
    public IReadOnlyDictionary<string, Guid> Projects => _projects;

    /// <summary>Outcomes by id, with their project.</summary>
    public IReadOnlyDictionary<Guid, Guid> ProjectOfOutcome => _projectOfOutcome;

    /// <summary>The leaf of a work key such as "website/first" or "tools".</summary>
    public AuditNode Leaf(string work) => AuditNode.Leaf(_work[work].Project, _work[work].Outcome);

    /// <summary>Answers the viewer got before the late entry was written, by query.</summary>
    public IReadOnlyDictionary<string, AuditAnswer> BeforeLateEntry => _beforeLateEntry;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (key, email) in new[] { ("adam", "admin@acme.test"), ("maya", "manager@acme.test"), ("alice", "alice@acme.test"), ("bob", "bob@acme.test"), ("carol", "carol@acme.test"), ("finn", "finn@acme.test"), ("erin", "erin@acme.test"), ("otto", "otto@acme.test") })
        {
            _people[key] = await Database.UserIdAsync(email);
        }

        _people["hugo"] = await AddMemberAsync("hugo@acme.test", "Hugo Hart", OrgRole.Employee);
        _people["ida"] = await AddMemberAsync("ida@acme.test", "Ida Ives", OrgRole.Employee);
        ViewerId = _people["adam"];

        var product = new[] { "alice", "bob", "carol", "finn", "hugo", "ida" };
        var platform = new List<string> { "alice", "bob", "carol", "finn", "hugo" };
        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var northwind = new Client { Id = Guid.CreateVersion7(), Name = "Northwind" };
            var contoso = new Client { Id = Guid.CreateVersion7(), Name = "Contoso" };
            db.Clients.AddRange(northwind, contoso);
            _clients["Northwind"] = northwind.Id;
            _clients["Contoso"] = contoso.Id;

            var portal = new Project { Id = Guid.CreateVersion7(), Name = "Portal", ClientId = northwind.Id, IsBillableByDefault = true };
            var audit = new Project { Id = Guid.CreateVersion7(), Name = "Audit", ClientId = northwind.Id, IsBillableByDefault = true };
            db.Projects.AddRange(portal, audit);
            var mobile = await db.Projects.SingleAsync(p => p.Name == "Mobile app");
            mobile.ClientId = contoso.Id;
            var website = await db.Projects.SingleAsync(p => p.Name == "Website relaunch");
            var tools = await db.Projects.SingleAsync(p => p.Name == "Internal tools");
            Guid NewOutcome(Project project, string name)
            {
                var outcome = new Outcome { Id = Guid.CreateVersion7(), ProjectId = project.Id, Name = name, Status = OutcomeStatus.InProgress };
                db.Outcomes.Add(outcome);
                return outcome.Id;
            }

            var firstRelease = await db.Outcomes.Where(o => o.ProjectId == website.Id && o.Name == "First release").Select(o => o.Id).SingleAsync();
            _work["portal/launch"] = (portal.Id, NewOutcome(portal, "Launch"));
            _work["portal/handover"] = (portal.Id, NewOutcome(portal, "Handover"));
            _work["portal"] = (portal.Id, null);
            _work["audit"] = (audit.Id, null);
            _work["mobile"] = (mobile.Id, null);
            _work["mobile/beta"] = (mobile.Id, NewOutcome(mobile, "Beta"));
            _work["website/first"] = (website.Id, firstRelease);
            _work["website"] = (website.Id, null);
            _work["tools"] = (tools.Id, null);
            foreach (var project in new[] { portal, audit, mobile, website, tools })
            {
                _projects[project.Name] = project.Id;
            }

            foreach (var (_, (project, outcome)) in _work)
            {
                if (outcome is { } id)
                {
                    _projectOfOutcome[id] = project;
                }
            }

            var teams = await db.Teams.Include(t => t.Members).ToListAsync();
            var productTeam = teams.Single(t => t.Name == "Product");
            var platformTeam = teams.Single(t => t.Name == "Platform");
            ProductTeamId = productTeam.Id;
            PlatformTeamId = platformTeam.Id;
            AddMembers(db, productTeam, product);
            AddMembers(db, platformTeam, platform);
            AddEntries(db, Entries);
            await db.SaveChangesAsync();
        }

        await PublishAsync(AggregateOnly());

        // August is released before Jon joins: its Platform is five people, September's six.
        Clock.Reset(AugustReleasedAt);
        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var august = await scope.ServiceProvider.GetRequiredService<MonthReleases>().EnsureAsync(AuditedMonths[0], AuditedMonths[0]);
            Assert.True(Assert.Single(august).Released);
        }

        _people["jon"] = await AddMemberAsync("jon@acme.test", "Jon Joiner", OrgRole.Employee);
        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var platformTeam = await db.Teams.Include(t => t.Members).SingleAsync(t => t.Id == PlatformTeamId);
            AddMembers(db, platformTeam, ["jon"]);
            AddEntries(db, JoinerEntries);
            await db.SaveChangesAsync();
        }

        var teamsAt = new Dictionary<(LocalDate Month, Guid Team), IReadOnlySet<Guid>>();
        foreach (var month in ReleasedMonths)
        {
            var platformThen = month == AuditedMonths[0] ? platform : [.. platform, "jon"];
            teamsAt[(month, ProductTeamId)] = product.Select(p => _people[p]).ToHashSet();
            teamsAt[(month, PlatformTeamId)] = platformThen.Select(p => _people[p]).ToHashSet();
        }

        _audit = new AuditWork(
            AcmeId,
            _time.Where(t => t.Key.Month <= ReleasedMonths[^1]).ToDictionary(t => t.Key, t => t.Value),
            _projects.Values.ToDictionary(p => p, p => (Guid?)(p == _projects["Portal"] || p == _projects["Audit"] ? _clients["Northwind"] : p == _projects["Mobile app"] ? _clients["Contoso"] : null)),
            teamsAt);

        // The first request after 7 December releases September to November; then Ida's late entry.
        Clock.Reset(Today);
        var viewer = await CallerAsync(ViewerEmail);
        foreach (var ask in LateEntryWitnesses())
        {
            _beforeLateEntry[ask.Query] = await AuditAnswer.GetAsync(viewer.Api, ask);
        }

        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var start = LateEntryDay.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(9);
            db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = _people["ida"],
                ProjectId = _projects["Internal tools"],
                Source = EntrySource.Manual,
                Start = start,
                End = start + Duration.FromHours(4),
                CreatedAt = Today,
                UpdatedAt = Today,
            });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The viewer's answer to <paramref name="ask"/>, asked once per factory.</summary>
    public Task<AuditAnswer> AnswerAsync(AuditAsk ask) =>
        _answers.GetOrAdd(ask.Query, _ => new Lazy<Task<AuditAnswer>>(async () => await AuditAnswer.GetAsync((await CallerAsync(ViewerEmail)).Api, ask))).Value;

    /// <summary>Answers that would move if the late entry reached them: October and every range with it.</summary>
    public IEnumerable<AuditAsk> LateEntryWitnesses()
    {
        yield return new AuditAsk("groups", ReleasedMonths[0], ReleasedMonths[^1].PlusMonths(1).PlusDays(-1), "project");
        yield return new AuditAsk("groups", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), "client");
        yield return new AuditAsk("groups", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), "project", Project: _projects["Internal tools"]);
        yield return new AuditAsk("groups", new LocalDate(2026, 8, 1), new LocalDate(2026, 10, 31), "outcome", Team: ProductTeamId);
    }

    /// <summary>
    /// Aggregate-only, k = 5: every audience gets at most aggregates of every category, and nobody gets
    /// billing (which tells each project's exact total by design, so a one-person project's total
    /// would be told by policy, not worked out).
    /// </summary>
    public static TransparencyPolicy AggregateOnly()
    {
        var policy = TransparencyPolicy.Default;
        foreach (var category in TransparencyPolicy.Default.Categories)
        {
            var grants = category.Category == DataCategory.Billing
                ? new Dictionary<Audience, Granularity>()
                : category.Grants.ToDictionary(g => g.Key, g => g.Value > Granularity.Aggregate ? Granularity.Aggregate : g.Value);
            policy = policy.With(category with { Grants = grants });
        }

        return policy.With(policy.Settings with { MinimumGroupSize = 5 });
    }

    private void AddMembers(TimeTrackDbContext db, Team team, IEnumerable<string> people)
    {
        foreach (var person in people.Where(p => team.Members.All(m => m.UserId != _people[p])))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = _people[person] });
        }
    }

    private void AddEntries(TimeTrackDbContext db, IEnumerable<(string Who, string Work, int Month, int Day, decimal Hours)> entries)
    {
        foreach (var (who, work, month, day, hours) in entries)
        {
            // 09:00 UTC is the same day in Berlin and in Bob's London.
            var start = Instant.FromUtc(2026, month, day, 9, 0);
            var length = Duration.FromMinutes((long)(hours * 60));
            var (project, outcome) = _work[work];
            db.TimeEntries.Add(new TimeEntry
            {
                Id = Guid.CreateVersion7(),
                UserId = _people[who],
                ProjectId = project,
                OutcomeId = outcome,
                // Client work is billable (no rate is set, so it is billable time no rate covers); the rest is not.
                IsBillable = work.StartsWith("portal", StringComparison.Ordinal) || work == "audit",
                Source = EntrySource.Manual,
                Start = start,
                End = start + length,
                CreatedAt = start,
                UpdatedAt = start,
            });
            var cell = new AuditCell(_people[who], project, outcome, new LocalDate(2026, month, day));
            _time[cell] = _time.GetValueOrDefault(cell) + (long)length.TotalMilliseconds;
        }
    }
}
