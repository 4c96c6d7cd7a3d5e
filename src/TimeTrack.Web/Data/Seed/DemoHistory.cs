using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Digests;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Invoices;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Data.Seed;

/// <summary>
/// Twelve weeks of work before the current one (and the current week so far), so that every page of the demo shows what it is for on
/// first login: outcomes finished along the way, one person's long week, another whose weeks grow long
/// and spill into the evening (a support signal), a support request in a released digest, a rate change,
/// an approved month, released months to bill from, and a digest for every week, each compared with the
/// four before. Everything goes through the app's own services (the entry write path, approvals, digests,
/// month releases), so the demo obeys the same rules as real use. Deterministic for a given day, and
/// idempotent: a person's week that already has entries is left as it is.
/// </summary>
internal static class DemoHistory
{
    /// <summary>How many whole weeks before the current one get work.</summary>
    public const int Weeks = 12;

    public const string SupportRequest = "I could use support with the mobile release: the API keeps changing under us and the evenings are filling up.";

    /// <summary>How one demo person works.</summary>
    /// <param name="DailyMinutes">A usual day's tracked time.</param>
    /// <param name="LongWeeksAgo">Weeks (1 = last week) whose days run long.</param>
    /// <param name="EveningWeeksAgo">Weeks with evening work on most days.</param>
    private sealed record Habit(int DailyMinutes, int StartMinute, int[] LongWeeksAgo, int[] EveningWeeksAgo);

    private static readonly Dictionary<string, Habit> Habits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["owner@acme.test"] = new(300, 9 * 60 + 30, [], []),
        ["admin@acme.test"] = new(360, 8 * 60 + 30, [], []),
        ["manager@acme.test"] = new(420, 8 * 60 + 45, [], []),
        ["alice@acme.test"] = new(450, 9 * 60, [6], []),
        ["bob@acme.test"] = new(450, 8 * 60 + 30, [], [2]),
        ["carol@acme.test"] = new(465, 9 * 60, [3, 2, 1], [2, 1]),
        ["owner@globex.test"] = new(360, 9 * 60, [], []),
        ["dave@globex.test"] = new(450, 8 * 60 + 30, [], []),
        ["sam@studio.test"] = new(390, 9 * 60, [], []),
        ["lee@studio.test"] = new(450, 9 * 60 + 15, [4], []),
        ["kim@studio.test"] = new(420, 8 * 60 + 45, [], [1]),
    };

    private static readonly Dictionary<string, string[]> Descriptions = new(StringComparer.Ordinal)
    {
        ["Website relaunch"] = ["Landing page layout", "Navigation and search", "Accessibility fixes", "Content migration", "Performance budget", "Checkout flow"],
        ["Mobile app"] = ["Offline sync", "Push notifications", "Login screen", "API client", "Release checklist", "Crash reports"],
        ["Internal tools"] = ["Team sync", "Code review", "Support questions", "Onboarding notes", "Planning", "Build pipeline"],
        ["Research"] = ["Interviews", "Synthesis", "Survey design", "Report draft"],
        ["Operations"] = ["Vendor calls", "Invoicing prep", "Process notes", "Inbox"],
        ["Brand identity"] = ["Logo sketches", "Type pairing", "Client review", "Style guide"],
        ["Shop build"] = ["Product pages", "Cart", "Payment setup", "Copy edits"],
        ["Studio admin"] = ["Bookkeeping", "Planning", "Portfolio update"],
    };

    /// <summary>Who issues invoices, and to whom, in each demo organization.</summary>
    private sealed record BillingDetails(string LegalName, string Address, string TaxNumber, decimal TaxRate, string ClientName, string ClientAddress, string ClientTaxNumber);

    private static readonly Dictionary<string, BillingDetails> Invoicing = new(StringComparer.Ordinal)
    {
        ["acme"] = new("Acme GmbH", "Friedrichstraße 10\n10117 Berlin\nGermany", "DE 123 456 789", 19m, "Northwind Traders", "12 Harbour Road\nBristol BS1 4QA\nUnited Kingdom", "GB 987 6543 21"),
        ["globex"] = new("Globex Corporation", "350 Fifth Avenue\nNew York, NY 10118\nUSA", "EIN 12-3456789", 0m, "Initech", "4120 Freidrich Lane\nAustin, TX 78744\nUSA", "EIN 98-7654321"),
        ["studio"] = new("Small Studio Lda", "Rua Augusta 27\n1100-048 Lisboa\nPortugal", "PT 509 876 543", 23m, "Harbour Bakery", "Cais do Sodré 8\n1200-450 Lisboa\nPortugal", "PT 501 234 567"),
    };

    public static async Task SeedAsync(IServiceProvider tenantServices, string slug, IReadOnlyDictionary<string, Guid> people, Guid approverId, Guid ownerId, IClock clock, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        var trackingPeople = tenantServices.GetRequiredService<PersonTrackingProvider>();
        var now = clock.GetCurrentInstant();
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().ToListAsync(cancellationToken);
        var tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, cancellationToken);
        var outcomes = await db.Outcomes.AsNoTracking().ToListAsync(cancellationToken);

        var approver = await trackingPeople.ForAsync(approverId, cancellationToken);
        var zone = approver.Zone;
        var thisWeek = approver.WeekContaining(now);
        var firstWeek = thisWeek.Start.PlusWeeks(-Weeks);
        await ShapeWorkAsync(db, projects, outcomes, approverId, firstWeek, zone, now, cancellationToken);
        outcomes = await db.Outcomes.AsNoTracking().ToListAsync(cancellationToken);
        projects = await db.Projects.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);

        var entries = tenantServices.GetRequiredService<TimeEntryService>();
        foreach (var (email, userId) in people.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Habits.TryGetValue(email, out var habit))
            {
                continue;
            }

            var tracking = await trackingPeople.ForAsync(userId, cancellationToken);
            var current = tracking.WeekContaining(now);
            for (var ago = Weeks; ago >= 0; ago--)
            {
                var week = current with { Start = current.Start.PlusWeeks(-ago) };
                if (await db.TimeEntries.AnyAsync(e => e.UserId == userId && e.Start >= week.StartInstant && e.Start < week.EndInstant, cancellationToken))
                {
                    continue;
                }

                foreach (var day in week.Days.Where(d => d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)))
                {
                    var random = new Random(unchecked((StableHash(email) * 397) ^ day.ToDateOnly().DayNumber));
                    foreach (var block in Day(habit, ago, day, random))
                    {
                        var project = Pick(projects, block.Slot, random);
                        var outcome = OutcomeFor(outcomes, project.Id, Local(day, block.StartMinute, tracking.Zone));
                        var task = tasks.Where(t => t.ProjectId == project.Id).OrderBy(t => t.Name).ToList() is { Count: > 0 } projectTasks
                            ? projectTasks[random.Next(projectTasks.Count)].Id
                            : (Guid?)null;
                        var words = Descriptions.TryGetValue(project.Name, out var list) ? list : ["Work"];
                        var description = block.Evening ? "Catching up: " + words[random.Next(words.Length)].ToLowerInvariant() : words[random.Next(words.Length)];
                        List<Guid> tagIds = [];
                        if (description is "Team sync" or "Planning" or "Client review" or "Vendor calls" && tags.TryGetValue("meeting", out var meeting))
                        {
                            tagIds.Add(meeting);
                        }
                        else if (block.Minutes >= 120 && tags.TryGetValue("deep work", out var deep))
                        {
                            tagIds.Add(deep);
                        }
                        else if (description == "Support questions" && tags.TryGetValue("support", out var support))
                        {
                            tagIds.Add(support);
                        }

                        var start = Local(day, block.StartMinute, tracking.Zone);
                        if (start + Duration.FromMinutes(block.Minutes) > now)
                        {
                            // This week so far: only what has already happened.
                            continue;
                        }

                        var result = await entries.CreateAsync(
                            userId,
                            new EntryDetails(project.Id, task, outcome, tagIds, null, description),
                            start,
                            start + Duration.FromMinutes(block.Minutes),
                            EntrySource.Manual,
                            cancellationToken);
                        if (!result.Succeeded)
                        {
                            throw new InvalidOperationException($"Could not create a demo entry for {email} on {day}: " + string.Join("; ", result.Problems.Select(p => p.Message)));
                        }
                    }
                }
            }
        }

        await ApproveMonthAsync(tenantServices, people, approverId, slug, zone, now, cancellationToken);
        var month = new LocalDate(now.InZone(zone).Year, now.InZone(zone).Month, 1);
        await tenantServices.GetRequiredService<MonthReleases>().EnsureAsync(month.PlusMonths(-2), month.PlusMonths(-1), cancellationToken);
        await InvoiceAsync(tenantServices, slug, ownerId, month.PlusMonths(-2), now, cancellationToken);
        await DigestsAsync(tenantServices, people, slug, now, cancellationToken);
    }

    /// <summary>One working block of a day: minutes from midnight, length, which project slot, evening or not.</summary>
    private sealed record Block(int StartMinute, int Minutes, int Slot, bool Evening);

    /// <summary>
    /// A day as the habit makes it: blocks from the start of the day with a lunch break, ending at the
    /// day's target; long weeks run to about 10 hours, evening weeks add a block after 19:30 on most days.
    /// </summary>
    private static IEnumerable<Block> Day(Habit habit, int weeksAgo, LocalDate day, Random random)
    {
        var target = habit.DailyMinutes + (random.Next(5) - 2) * 15;
        if (day.DayOfWeek == IsoDayOfWeek.Friday)
        {
            target -= 45;
        }

        if (habit.LongWeeksAgo.Contains(weeksAgo))
        {
            target = 555 + (random.Next(3) * 15);
        }

        var minute = habit.StartMinute + random.Next(3) * 15;
        var worked = 0;
        var lunch = false;
        var slot = 0;
        int[] lengths = [45, 60, 90, 90, 120, 150];
        while (worked < target)
        {
            if (!lunch && worked >= 180)
            {
                minute += 45;
                lunch = true;
            }

            var minutes = Math.Min(lengths[random.Next(lengths.Length)], target - worked);
            if (minutes < 15)
            {
                break;
            }

            yield return new Block(minute, minutes, slot++, false);
            minute += minutes;
            worked += minutes;
        }

        if (habit.EveningWeeksAgo.Contains(weeksAgo) && day.DayOfWeek != IsoDayOfWeek.Friday)
        {
            yield return new Block(Math.Max(minute + 30, 19 * 60 + 30), 120 + random.Next(3) * 15, slot, true);
        }
    }

    /// <summary>Billable client work most of the time, internal work in between: slot 0 and most others on the first projects.</summary>
    private static Project Pick(List<Project> projects, int slot, Random random)
    {
        var billable = projects.Where(p => p.IsBillableByDefault).ToList();
        var other = projects.Where(p => !p.IsBillableByDefault).ToList();
        if (other.Count > 0 && (slot == 2 || random.Next(6) == 0))
        {
            return other[random.Next(other.Count)];
        }

        var pool = billable.Count > 0 ? billable : projects;
        return pool[random.Next(pool.Count)];
    }

    /// <summary>Time counts toward the outcome that was in progress then: one finished before, the next after.</summary>
    private static Guid? OutcomeFor(List<Outcome> outcomes, Guid projectId, Instant at)
    {
        var ofProject = outcomes.Where(o => o.ProjectId == projectId).ToList();
        var finished = ofProject.FirstOrDefault(o => o.Status == OutcomeStatus.Done && o.CompletedAt is { } done && at < done);
        return finished?.Id ?? ofProject.Where(o => o.Status == OutcomeStatus.InProgress).Select(o => (Guid?)o.Id).FirstOrDefault();
    }

    /// <summary>
    /// Clients, billable and internal projects, outcomes finished along the way and a rate change, so the
    /// reports, billing and outcome pages have a story to tell.
    /// </summary>
    private static async Task ShapeWorkAsync(TimeTrackDbContext db, List<Project> projects, List<Outcome> outcomes, Guid adminId, LocalDate firstWeek, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var internalNames = new[] { "Internal tools", "Operations", "Studio admin" };
        var clientName = projects.Any(p => p.Name == "Brand identity") ? "Harbour Bakery" : projects.Any(p => p.Name == "Research") ? "Initech" : "Northwind Traders";
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Name == clientName, cancellationToken);
        if (client is null)
        {
            client = new Client { Id = Guid.CreateVersion7(), Name = clientName };
            db.Clients.Add(client);
        }

        foreach (var project in await db.Projects.ToListAsync(cancellationToken))
        {
            var isInternal = internalNames.Contains(project.Name);
            project.IsBillableByDefault = !isInternal;
            project.ClientId = isInternal ? null : client.Id;
        }

        // Plans the size of twelve weeks of work, so that "against plan" reads like a real project.
        foreach (var outcome in await db.Outcomes.Where(o => o.PlannedHours == 40m || o.PlannedHours == 12m).ToListAsync(cancellationToken))
        {
            outcome.PlannedHours = outcome.Name == "First release" ? 360m : 220m;
        }

        // The first billable project finished its first outcome five weeks ago, the second two weeks ago.
        var billable = projects.Where(p => !internalNames.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var finishedAgo = new[] { 2, 5 };
        for (var i = 0; i < billable.Count && i < finishedAgo.Length; i++)
        {
            var first = await db.Outcomes.Where(o => o.ProjectId == billable[i].Id).OrderBy(o => o.Name).ToListAsync(cancellationToken);
            var release = first.FirstOrDefault(o => o.Name == "First release");
            var feedback = first.FirstOrDefault(o => o.Name == "Customer feedback round");
            if (release is { Status: not OutcomeStatus.Done })
            {
                release.Status = OutcomeStatus.Done;
                release.CompletedAt = zone.AtStartOfDay(firstWeek.PlusWeeks(Weeks - finishedAgo[i] + 1)).ToInstant() - Duration.FromHours(52);
            }

            if (feedback is { Status: OutcomeStatus.Planned })
            {
                feedback.Status = OutcomeStatus.InProgress;
            }
        }

        // A rate for the organization, one per client project, and a raise on the first from the start of last month.
        var lastMonth = new LocalDate(now.InZone(zone).Year, now.InZone(zone).Month, 1).PlusMonths(-1);
        if (!await db.Rates.AnyAsync(cancellationToken))
        {
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), EffectiveFrom = firstWeek, HourlyAmount = 80m, SetByUserId = adminId, SetAt = now });
            for (var i = 0; i < billable.Count; i++)
            {
                db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), ProjectId = billable[i].Id, EffectiveFrom = firstWeek, HourlyAmount = 95m + (10m * i), SetByUserId = adminId, SetAt = now });
            }

            if (billable.Count > 0)
            {
                db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), ProjectId = billable[0].Id, EffectiveFrom = lastMonth, HourlyAmount = 110m, SetByUserId = adminId, SetAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The calendar month before last, approved: each of the approver's team submits every week that
    /// touches it, and the approver approves them, which locks those weeks.
    /// </summary>
    private static async Task ApproveMonthAsync(IServiceProvider tenantServices, IReadOnlyDictionary<string, Guid> people, Guid approverId, string slug, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        var approvals = tenantServices.GetRequiredService<ApprovalService>();
        var trackingPeople = tenantServices.GetRequiredService<PersonTrackingProvider>();
        var approver = await tenantServices.GetRequiredService<ViewerDirectory>().ForMemberAsync(approverId, cancellationToken)
            ?? throw new InvalidOperationException("The demo approver is not a member.");
        var today = now.InZone(zone).Date;
        var month = new LocalDate(today.Year, today.Month, 1).PlusMonths(-2);
        foreach (var userId in approver.ManagedUserIds.Where(people.Values.Contains))
        {
            var tracking = await trackingPeople.ForAsync(userId, cancellationToken);
            var earliest = tracking.WeekContaining(now).Start.PlusWeeks(-Weeks);
            for (var week = tracking.WeekOf(month); week.Start < month.PlusMonths(1); week = week.Next)
            {
                if (week.Start < earliest || await db.WeekSubmissions.AnyAsync(s => s.UserId == userId && s.WeekStart == week.Start, cancellationToken))
                {
                    continue;
                }

                var submitted = await approvals.SubmitAsync(userId, week.Start, cancellationToken);
                if (submitted.Value is { } submission && !(await approvals.ApproveAsync(approver, submission.Id, slug, cancellationToken)).Succeeded)
                {
                    throw new InvalidOperationException($"Could not approve the demo week of {week.Start}.");
                }
            }
        }
    }

    /// <summary>
    /// The organization's billing details, its client's, and an issued invoice for the month before last
    /// (released, and approved for the Product team), made by the owner through the invoice service as
    /// anyone would; last month stays uninvoiced, for trying it.
    /// </summary>
    private static async Task InvoiceAsync(IServiceProvider tenantServices, string slug, Guid ownerId, LocalDate month, Instant now, CancellationToken cancellationToken)
    {
        if (!Invoicing.TryGetValue(slug, out var billing))
        {
            return;
        }

        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        if (!await db.BillingProfiles.AnyAsync(cancellationToken))
        {
            db.BillingProfiles.Add(new BillingProfile { LegalName = billing.LegalName, Address = billing.Address, TaxNumber = billing.TaxNumber, PaymentTermsDays = 30, DefaultTaxRate = billing.TaxRate });
        }

        var client = await db.Clients.SingleAsync(c => c.Name == billing.ClientName, cancellationToken);
        if (client.BillingAddress.Length == 0)
        {
            client.BillingAddress = billing.ClientAddress;
            client.TaxNumber = billing.ClientTaxNumber;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (await db.Invoices.AnyAsync(i => i.ClientId == client.Id, cancellationToken))
        {
            return;
        }

        var looker = await tenantServices.GetRequiredService<PersonDataDoor>().AsSeenByAsync(ownerId, cancellationToken)
            ?? throw new InvalidOperationException("The demo owner is not a member.");
        var invoices = tenantServices.GetRequiredService<InvoiceService>();
        var draft = await invoices.CreateDraftAsync(looker, client.Id, month, month, InvoiceGrouping.Project, cancellationToken);
        if (draft.Invoice is not { } invoice || !(await invoices.IssueAsync(looker, invoice.Id, cancellationToken)).Succeeded)
        {
            throw new InvalidOperationException($"Could not issue the demo invoice of {slug}: " + string.Join("; ", draft.Problems.Select(p => p.Message)));
        }
    }

    /// <summary>
    /// A digest for every week of history, as if each had been built when its week ended: all but last
    /// week's are past their embargo. Bob asks for support in the one before last and his manager
    /// answers; some weeks carry a private reflection. No email is queued and only last week's notice stays.
    /// </summary>
    private static async Task DigestsAsync(IServiceProvider tenantServices, IReadOnlyDictionary<string, Guid> people, string slug, Instant now, CancellationToken cancellationToken)
    {
        var db = tenantServices.GetRequiredService<TimeTrackDbContext>();
        var digests = tenantServices.GetRequiredService<DigestService>();
        var trackingPeople = tenantServices.GetRequiredService<PersonTrackingProvider>();
        var embargo = Duration.FromHours((await tenantServices.GetRequiredService<PolicyStore>().ActiveAsync(cancellationToken)).Settings.DigestEmbargoHours);
        foreach (var (email, userId) in people.Where(p => Habits.ContainsKey(p.Key)))
        {
            var tracking = await trackingPeople.ForAsync(userId, cancellationToken);
            var current = tracking.WeekContaining(now);
            for (var ago = Weeks; ago >= 1; ago--)
            {
                var week = current with { Start = current.Start.PlusWeeks(-ago) };
                if (!await digests.BuildAsync(userId, week.Start, cancellationToken))
                {
                    continue;
                }

                var digest = await db.Digests.SingleAsync(d => d.UserId == userId && d.WeekStart == week.Start, cancellationToken);
                await db.OutgoingEmails.Where(e => e.Key == $"digest:{digest.Id}").ExecuteDeleteAsync(cancellationToken);
                if (ago == 1)
                {
                    continue;
                }

                var link = $"/{slug}/digests/{NodaTime.Text.LocalDatePattern.Iso.Format(week.Start)}";
                await db.Notices.Where(n => n.UserId == userId && n.Link == link).ExecuteDeleteAsync(cancellationToken);
                digest.CreatedAt = week.EndInstant + Duration.FromHours(2);
                digest.EmbargoEndsAt = digest.CreatedAt + embargo;
                if (ago % 3 == 0)
                {
                    digest.Reflection = ago == 3
                        ? "Good focus this week; the long review meeting on Thursday could have been an email."
                        : "Steady week. I want to block two mornings for deep work next time.";
                }

                if (email == "bob@acme.test" && ago == 2)
                {
                    digest.SupportRequest = SupportRequest;
                    digest.SupportRequestedAt = digest.CreatedAt + Duration.FromHours(20);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }

    private static Instant Local(LocalDate date, int minuteOfDay, DateTimeZone zone) =>
        zone.AtLeniently(date.At(LocalTime.Midnight.PlusMinutes(minuteOfDay))).ToInstant();

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomized per process).</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in text)
            {
                hash = (hash * 31) + c;
            }

            return hash;
        }
    }
}
