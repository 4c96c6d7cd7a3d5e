using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// The differencing audit (ADR 011): everything an aggregate-only viewer can get from the reports
/// API over three released months (every period, grouping, filter and team) is turned into linear
/// equations over the person × item × day cells of <see cref="DifferencingFactory"/>'s organization,
/// and exact elimination shows that none of them, together, gives one person's time or a withheld
/// figure. The two attacks of the issue are regression tests of their own.
/// </summary>
public sealed class DifferencingAuditTests(DifferencingFactory factory, ITestOutputHelper output) : IClassFixture<DifferencingFactory>
{
    private static readonly string[] GroupGroupings = ["client", "project", "outcome"];

    private static readonly string[] PeopleGroupings = ["client", "project", "outcome", "task", "person"];

    private AuditWork Work => factory.Work;

    [Fact]
    public async Task No_answer_an_aggregate_only_viewer_can_get_determines_one_persons_time_or_a_withheld_figure()
    {
        var watch = Stopwatch.StartNew();

        // The premise of the joiner: Platform was five people when August was released, six from September.
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var released = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().ReleasedMemberships
                .Where(m => m.GroupId == factory.PlatformTeamId)
                .GroupBy(m => m.Month)
                .Select(g => new { Month = g.Key, People = g.Count() })
                .ToListAsync();
            Assert.Equal([5, 6, 6, 6], released.OrderBy(r => r.Month).Select(r => r.People));
        }

        var asks = GroupAsks().Concat(PeopleAsks()).ToList();
        var answers = await AnswersAsync(asks);
        var fetched = watch.Elapsed;

        var audit = new AuditSpan(Work, factory.ViewerId, DifferencingFactory.AuditedMonths);
        var mismatches = new List<string>();
        foreach (var answer in answers)
        {
            foreach (var (figure, cells, where) in Equations(answer, mismatches))
            {
                audit.Record(figure, cells, where, mismatches);
            }
        }

        // The model must mean what the app means: every figure shown is the sum of the cells it is taken to add up.
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} figures differ from the cells they are taken to add up:\n" + string.Join("\n", mismatches.Take(20)));

        var determinedPeople = PersonalTargets().Where(t => audit.Determines(t.Cells)).Select(t => t.What).ToList();
        var determinedWithheld = audit.Withheld.Where(w => audit.Determines(w.Value.Cells)).Select(w => w.Value.Where).ToList();

        Assert.True(determinedPeople.Count == 0, "One person's time follows from the figures shown:\n" + string.Join("\n", determinedPeople.Take(20)));
        Assert.True(determinedWithheld.Count == 0, "A withheld figure follows from the figures shown:\n" + string.Join("\n", determinedWithheld.Take(20)));

        // Not vacuous: the organization's month totals (at least five people each) are shown, teams' figures
        // are shown too, and the shown figures say far more than the viewer's own time.
        foreach (var month in DifferencingFactory.AuditedMonths)
        {
            var total = answers.Single(a => a.Ask == new AuditAsk("groups", month, EndOf(month), "project")).Total;
            Assert.NotNull(total.Hours);
            Assert.True(ContributorsTheViewerDoesNotKnow(Work.GroupCells(Work.Organization, AuditNode.All, [month])) >= 5);
        }

        Assert.Contains(answers, a => a.Ask.Team is not null && a.Ask.Scope == "groups" && a.Total.Hours > 0);
        Assert.True(audit.Shown.Count >= 30, $"Only {audit.Shown.Count} distinct figures are shown.");
        Assert.True(audit.Withheld.Count >= 10, $"Only {audit.Withheld.Count} distinct figures are withheld.");
        Assert.True(audit.Rank - audit.Known >= 10, $"The figures shown add only {audit.Rank - audit.Known} equations to the viewer's own cells.");

        // And the checker does find what leaks: had both teams' August totals been shown (they differ by
        // Ida alone), Ida's August time would follow.
        var august = DifferencingFactory.AuditedMonths[0];
        var leaky = audit.Clone();
        leaky.Add(Work.GroupCells(factory.ProductTeamId, AuditNode.All, [august]));
        leaky.Add(Work.GroupCells(factory.PlatformTeamId, AuditNode.All, [august]));
        Assert.True(leaky.Determines(Work.PersonCells(factory.People["ida"], AuditNode.All, august, EndOf(august))));

        output.WriteLine(
            $"{answers.Count} answers ({asks.Count(a => a.Scope == "groups")} group figures, {asks.Count(a => a.Scope == "people")} people figures), "
            + $"{audit.Figures} figures: {audit.ShownFigures} shown, {audit.Figures - audit.ShownFigures} withheld; "
            + $"{audit.Shown.Count} distinct equations shown (rank {audit.Rank}, of which {audit.Known} the viewer's own cells), {audit.Withheld.Count} distinct withheld sums; "
            + $"{audit.Unknowns} unknown cells; {PersonalTargets().Count()} personal quantities checked. "
            + $"Fetched in {fetched.TotalSeconds:0.0} s, audited in {(watch.Elapsed - fetched).TotalSeconds:0.0} s.");
    }

    [Fact]
    public async Task Every_period_in_the_three_months_is_answered_as_the_whole_months_it_touches()
    {
        var watch = Stopwatch.StartNew();
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var today = DifferencingFactory.Today.InZone(zone).Date;
        var first = DifferencingFactory.AuditedMonths[0];
        var last = EndOf(DifferencingFactory.AuditedMonths[^1]);

        // Outcomes of the team that changed (Jon joined Platform after August was released): the finest
        // rows of the group that moved. Grouping, team and filters pass through the widening untouched;
        // the odd periods over the API (the next test) vary them.
        const string Grouping = "outcome";
        var team = factory.PlatformTeamId;
        var filters = new List<ReportFilter>();
        for (var from = first; from <= last; from = from.PlusDays(1))
        {
            for (var to = from; to <= last; to = to.PlusDays(1))
            {
                // What the page and the API read from the request: the period as asked, accepted.
                var request = ReportRunner.Read(new ReportInput(From: AuditAsk.Iso(from), To: AuditAsk.Iso(to), GroupBy: Grouping, Team: team, Scope: "groups"), today, today, zone);
                var filter = request.Filter ?? throw new InvalidOperationException($"{from}..{to} was refused: {string.Join("; ", request.Problems)}");
                Assert.Equal((from, to), (filter.From, filter.To));
                filters.Add(filter);
            }
        }

        Assert.Equal(92 * 93 / 2, filters.Count);
        var wholeMonths = new Dictionary<(LocalDate, LocalDate), string>();
        foreach (var (from, to) in MonthRanges())
        {
            // The whole months as the API answers them (and the audit covers them).
            wholeMonths[(from, MonthOf(to))] = (await factory.AnswerAsync(new AuditAsk("groups", from, to, Grouping, team))).Figures;
        }

        // Every period is widened by the app's own rule to the released months it touches, and answered from
        // the very same month plans (the cached instances) as those whole months; every eighth period, and
        // every one from and to a month's first, second, second-to-last or last day, is also answered in
        // full. Two at a time, each with its own scope: the machine has two cores.
        var differing = new ConcurrentQueue<string>();
        var answered = 0;
        // The month plans are cached once, before the two workers start: two workers missing the cache for
        // the same months at once would each store their own instance, and the later would replace the other.
        await using (var warm = factory.Scopes.CreateScope(factory.AcmeId, factory.ViewerId))
        {
            var warmLooker = await warm.ServiceProvider.GetRequiredService<PersonDataDoor>().AsSeenByAsync(factory.ViewerId)
                ?? throw new InvalidOperationException("The viewer is a member.");
            foreach (var (from, to) in MonthRanges())
            {
                await warm.ServiceProvider.GetRequiredService<GroupFigures>().ForAsync(warmLooker, from, to);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(async worker =>
        {
            await using var scope = factory.Scopes.CreateScope(factory.AcmeId, factory.ViewerId);
            var looker = await scope.ServiceProvider.GetRequiredService<PersonDataDoor>().AsSeenByAsync(factory.ViewerId)
                ?? throw new InvalidOperationException("The viewer is a member.");
            var figures = scope.ServiceProvider.GetRequiredService<GroupFigures>();
            var groups = scope.ServiceProvider.GetRequiredService<GroupReports>();
            var plans = new Dictionary<(LocalDate, LocalDate), (IReadOnlyList<MonthFigures> Released, IReadOnlyList<(LocalDate, Instant)> Pending)>();
            foreach (var (from, to) in MonthRanges())
            {
                plans[(from, MonthOf(to))] = await figures.ForAsync(looker, from, to);
            }

            for (var i = worker; i < filters.Count; i += 2)
            {
                var filter = filters[i];
                var months = (MonthOf(filter.From), MonthOf(filter.To));
                var (released, pending) = await figures.ForAsync(looker, filter.From, filter.To);
                if (!released.SequenceEqual(plans[months].Released, ReferenceEqualityComparer.Instance) || !pending.SequenceEqual(plans[months].Pending))
                {
                    differing.Enqueue($"{filter.From}..{filter.To}: months {string.Join(", ", released.Select(m => m.Month))}");
                }

                if (i % 8 == 0 || (NearMonthEdge(filter.From) && NearMonthEdge(filter.To)))
                {
                    var answer = Render((await groups.GroupsAsync(looker, filter, "Acme", [])).Report);
                    Interlocked.Increment(ref answered);
                    if (answer != wholeMonths[months])
                    {
                        differing.Enqueue($"{filter.From}..{filter.To}: {answer}\n  whole months: {wholeMonths[months]}");
                    }
                }
            }
        }));

        Assert.True(differing.IsEmpty, string.Join("\n", differing.Take(10)));
        Assert.True(answered > filters.Count / 8, $"Only {answered} periods were answered in full.");
        output.WriteLine($"{filters.Count} periods read and widened in process, {answered} of them answered in full, in {watch.Elapsed.TotalSeconds:0.0} s.");
    }

    [Fact]
    public async Task Odd_periods_over_the_api_are_answered_as_the_whole_months_they_touch()
    {
        var first = DifferencingFactory.AuditedMonths[0];
        var last = EndOf(DifferencingFactory.AuditedMonths[^1]);
        var periods = new List<(LocalDate From, LocalDate To)>
        {
            (new(2026, 9, 30), new(2026, 10, 5)), (first, first), (new(2026, 8, 17), new(2026, 9, 22)),
            (new(2026, 8, 31), new(2026, 9, 1)), (last, last), (new(2026, 10, 1), new(2026, 10, 30)),
            (new(2026, 8, 22), new(2026, 8, 22)), (new(2026, 8, 2), new(2026, 10, 30)), (new(2026, 9, 12), new(2026, 9, 12)),
            (new(2026, 9, 5), new(2026, 9, 25)), (new(2026, 8, 15), new(2026, 10, 15)), (new(2026, 10, 24), last),
            (new(2026, 9, 1), new(2026, 10, 1)), (new(2026, 8, 30), new(2026, 8, 31)), (new(2026, 9, 30), new(2026, 9, 30)),
            (new(2026, 10, 23), new(2026, 10, 23)),
        };
        var random = new Random(2026);
        while (periods.Count < 40)
        {
            var from = first.PlusDays(random.Next(92));
            periods.Add((from, from.PlusDays(random.Next(Period.Between(from, last, PeriodUnits.Days).Days + 1))));
        }

        var filters = Filters().ToList();
        Guid?[] teams = [null, factory.ProductTeamId, factory.PlatformTeamId];
        for (var i = 0; i < periods.Count; i++)
        {
            var (from, to) = periods[i];
            var (client, project, outcome) = filters[i % filters.Count];
            var ask = new AuditAsk("groups", from, to, GroupGroupings[i % 3], teams[i / 3 % 3], client, project, outcome);
            var odd = await AuditAnswer.GetAsync((await factory.CallerAsync(DifferencingFactory.ViewerEmail)).Api, ask);
            var whole = await factory.AnswerAsync(ask.WholeMonths());
            Assert.Equal(whole.Figures, odd.Figures);

            // People figures are not widened: for this viewer they are their own time, day by day.
            var own = await AuditAnswer.GetAsync((await factory.CallerAsync(DifferencingFactory.ViewerEmail)).Api, ask with { Scope = "people", Team = null });
            Assert.Equal(Hours(Work.Sum(Work.PersonCells(factory.ViewerId, PeopleParent(ask), from, to))), own.Total.Hours);
        }
    }

    [Fact]
    public async Task Differencing_by_ranges_a_period_and_the_same_period_less_a_one_person_day_give_the_same_figures()
    {
        var viewer = await factory.CallerAsync(DifferencingFactory.ViewerEmail);
        var saturday = new LocalDate(2026, 12, 5);
        var finn = Assert.Single(factory.SeededTime, t => t.Key.Day == saturday);
        Assert.Equal((factory.People["finn"], 11_700_000L), (finn.Key.Person, finn.Value));
        var halloween = Assert.Single(factory.SeededTime, t => t.Key.Day == new LocalDate(2026, 10, 31));
        Assert.Equal(factory.People["erin"], halloween.Key.Person);

        foreach (var (longer, shorter) in new[] { ((new LocalDate(2026, 11, 30), saturday), (new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 4))), ((new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31)), (new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 30))) })
        {
            foreach (var scope in new[] { "groups", "people" })
            {
                var more = await AuditAnswer.GetAsync(viewer.Api, new AuditAsk(scope, longer.Item1, longer.Item2, "client"));
                var less = await AuditAnswer.GetAsync(viewer.Api, new AuditAsk(scope, shorter.Item1, shorter.Item2, "client"));
                Assert.Equal(more.RowsAndTotal, less.RowsAndTotal);
                if (scope == "groups")
                {
                    Assert.Equal((more.From, more.To), (less.From, less.To));
                }

                Assert.NotEmpty(more.Rows);

                var page = await ReportPageAsync(viewer.Browser, scope, longer.Item1, longer.Item2);
                Assert.Equal(page, await ReportPageAsync(viewer.Browser, scope, shorter.Item1, shorter.Item2));
                Assert.DoesNotContain("3.25", page, StringComparison.Ordinal);
                Assert.DoesNotContain("3h 15m", page, StringComparison.Ordinal);
            }
        }

        // Group figures of 30 November to 5 December are November's: December is not released.
        var november = await AuditAnswer.GetAsync(viewer.Api, new AuditAsk("groups", new LocalDate(2026, 11, 30), saturday, "client"));
        Assert.Equal((new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30)), (november.From, november.To));
        Assert.Contains(november.Notes, n => n.StartsWith("December 2026 is not released yet", StringComparison.Ordinal));
        Assert.Equal(Hours(Work.Sum(Work.GroupCells(Work.Organization, AuditNode.All, [new LocalDate(2026, 11, 1)]))), november.Total.Hours);

        // People figures hold the viewer's own time of exactly the days asked.
        var own = await AuditAnswer.GetAsync(viewer.Api, new AuditAsk("people", new LocalDate(2026, 11, 30), saturday, "client"));
        Assert.Equal((new LocalDate(2026, 11, 30), saturday), (own.From, own.To));
        Assert.Equal(Hours(factory.SeededTime.Where(c => c.Key.Person == factory.ViewerId && c.Key.Day >= new LocalDate(2026, 11, 30) && c.Key.Day <= saturday).Sum(c => c.Value)), own.Total.Hours);
        Assert.Equal(2m, own.Total.Hours);
    }

    [Fact]
    public async Task Differencing_by_groupings_no_client_less_a_shown_project_never_gives_a_withheld_project()
    {
        var october = new LocalDate(2026, 10, 1);
        var website = factory.Projects["Website relaunch"];
        var tools = factory.Projects["Internal tools"];

        foreach (var team in new Guid?[] { null, factory.ProductTeamId, factory.PlatformTeamId })
        {
            var group = team ?? Work.Organization;

            // The premise: both projects have no client; in October the big one has at least five
            // contributors the viewer does not know, the small one fewer (but some).
            Assert.Null(Work.ClientOf(website));
            Assert.Null(Work.ClientOf(tools));
            Assert.True(ContributorsTheViewerDoesNotKnow(Work.GroupCells(group, AuditNode.OfProject(website), [october])) >= 5);
            Assert.InRange(ContributorsTheViewerDoesNotKnow(Work.GroupCells(group, AuditNode.OfProject(tools), [october])), 1, 4);

            foreach (var from in DifferencingFactory.AuditedMonths)
            {
                var byClient = await factory.AnswerAsync(new AuditAsk("groups", from, EndOf(october), "client", team));
                var byProject = await factory.AnswerAsync(new AuditAsk("groups", from, EndOf(october), "project", team));
                var noClient = Assert.Single(byClient.Rows, r => r.Key is null);
                Assert.Equal("No client", noClient.Label);
                var big = Assert.Single(byProject.Rows, r => r.Id == website);
                var small = Assert.Single(byProject.Rows, r => r.Id == tools);

                output.WriteLine($"{byClient.Ask.Query}: No client {noClient.Hours?.ToString(CultureInfo.InvariantCulture) ?? "withheld"}, {big.Label} {big.Hours?.ToString(CultureInfo.InvariantCulture) ?? "withheld"}, {small.Label} {small.Hours?.ToString(CultureInfo.InvariantCulture) ?? "withheld"}");
                Assert.Null(small.Hours);
                Assert.True(noClient.Hours is null || big.Hours is null, $"No client ({noClient.Hours}) and {big.Label} ({big.Hours}) are both shown for {byClient.Ask.Query}");

                // Whatever else these two answers show, the small project's time does not follow from them.
                var audit = new AuditSpan(Work, factory.ViewerId, DifferencingFactory.AuditedMonths);
                var mismatches = new List<string>();
                foreach (var answer in new[] { byClient, byProject })
                {
                    foreach (var (figure, cells, where) in Equations(answer, mismatches))
                    {
                        audit.Record(figure, cells, where, mismatches);
                    }
                }

                Assert.Empty(mismatches);
                var months = DifferencingFactory.AuditedMonths.Where(m => m >= from).ToList();
                Assert.False(audit.Determines(Work.GroupCells(group, AuditNode.OfProject(tools), months)));
                Assert.False(audit.Determines(Work.GroupCells(group, AuditNode.OfProject(tools), [october])));
                Assert.All(audit.Withheld.Values, w => Assert.False(audit.Determines(w.Cells), w.Where));
            }
        }
    }

    [Fact]
    public async Task A_late_entry_in_a_released_month_changes_no_answer()
    {
        var viewer = await factory.CallerAsync(DifferencingFactory.ViewerEmail);
        foreach (var ask in factory.LateEntryWitnesses())
        {
            var now = await AuditAnswer.GetAsync(viewer.Api, ask);
            Assert.Equal(factory.BeforeLateEntry[ask.Query].Figures, now.Figures);
        }

        // The organization's total of August to November is shown, and is still what was released.
        var total = (await AuditAnswer.GetAsync(viewer.Api, factory.LateEntryWitnesses().First())).Total;
        Assert.Equal(Hours(Work.Sum(Work.GroupCells(Work.Organization, AuditNode.All, DifferencingFactory.ReleasedMonths))), total.Hours);

        // The entry is there: the live data moved, the released month did not.
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var ida = factory.People["ida"];
        Assert.Equal(4 * 3_600_000L, await db.TimeRollups.Where(r => r.UserId == ida && r.Day == DifferencingFactory.LateEntryDay).SumAsync(r => r.DurationMs));
        Assert.DoesNotContain(Work.Time.Keys, c => c.Day == DifferencingFactory.LateEntryDay);
    }

    /// <summary>Group figures: every contiguous range of the three months × grouping × filter × team (none, Product, Platform).</summary>
    private IEnumerable<AuditAsk> GroupAsks() =>
        from range in MonthRanges()
        from grouping in GroupGroupings
        from team in new Guid?[] { null, factory.ProductTeamId, factory.PlatformTeamId }
        from filter in Filters()
        select new AuditAsk("groups", range.From, range.To, grouping, team, filter.Client, filter.Project, filter.Outcome);

    /// <summary>People figures (the viewer's own time): every range × grouping × team, and by project × filter.</summary>
    private IEnumerable<AuditAsk> PeopleAsks() =>
        (from range in MonthRanges()
         from grouping in PeopleGroupings
         from team in new Guid?[] { null, factory.ProductTeamId, factory.PlatformTeamId }
         select new AuditAsk("people", range.From, range.To, grouping, team))
        .Concat(
            from range in MonthRanges()
            from filter in Filters().Skip(1)
            select new AuditAsk("people", range.From, range.To, "project", null, filter.Client, filter.Project, filter.Outcome));

    /// <summary>
    /// No filter, each client, each project, each outcome. "No client" cannot be asked for as a filter
    /// (the API takes a client id); its figure is a row of every report by client, which are all asked.
    /// </summary>
    private IEnumerable<(Guid? Client, Guid? Project, Guid? Outcome)> Filters() =>
        new (Guid?, Guid?, Guid?)[] { (null, null, null) }
            .Concat(factory.Clients.Values.Order().Select(c => ((Guid?)c, (Guid?)null, (Guid?)null)))
            .Concat(factory.Projects.Values.Order().Select(p => ((Guid?)null, (Guid?)p, (Guid?)null)))
            .Concat(factory.ProjectOfOutcome.Keys.Order().Select(o => ((Guid?)null, (Guid?)null, (Guid?)o)));

    private static IEnumerable<(LocalDate From, LocalDate To)> MonthRanges()
    {
        var months = DifferencingFactory.AuditedMonths;
        for (var first = 0; first < months.Length; first++)
        {
            for (var last = first; last < months.Length; last++)
            {
                yield return (months[first], EndOf(months[last]));
            }
        }
    }

    private async Task<List<AuditAnswer>> AnswersAsync(IReadOnlyList<AuditAsk> asks)
    {
        // A few at a time: the machine is shared, and the answers are cached for the other tests.
        using var gate = new SemaphoreSlim(4);
        return [.. await Task.WhenAll(asks.Select(async ask =>
        {
            await gate.WaitAsync();
            try
            {
                return await factory.AnswerAsync(ask);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    /// <summary>Each figure of an answer with the cells it adds up (see <see cref="AuditWork"/>), and where it was shown.</summary>
    private IEnumerable<(AuditFigure Figure, IReadOnlyList<AuditCell> Cells, string Where)> Equations(AuditAnswer answer, List<string> mismatches)
    {
        var ask = answer.Ask;
        if (ask.Scope == "people")
        {
            return PeopleEquations(answer, mismatches);
        }

        var months = DifferencingFactory.ReleasedMonths.Where(m => m >= MonthOf(ask.From) && m <= MonthOf(ask.To)).ToList();
        if ((answer.From, answer.To) != (months[0], EndOf(months[^1])))
        {
            mismatches.Add($"{ask.Query}: answered for {answer.From}..{answer.To}");
        }

        var items = Work.Items(months);
        // The finest filter given (the audit asks one filter at a time), whether or not anyone worked there.
        var parent = PeopleParent(ask);
        var level = Level(ask.GroupBy);
        var group = ask.Team ?? Work.Organization;
        var expected = level <= parent.Level ? [parent] : items.Where(i => i.Level == level && Work.IsUnder(i, parent)).ToHashSet();
        var rows = answer.Rows.Select(r => (Figure: r, Node: level <= parent.Level ? parent : RowNode(r, level))).ToList();
        if (!rows.Select(r => r.Node).ToHashSet().SetEquals(expected) || rows.Count != expected.Count)
        {
            mismatches.Add($"{ask.Query}: rows {string.Join(", ", rows.Select(r => r.Figure.Label))} are not the items under {parent}");
        }

        return rows.Append((Figure: answer.Total, Node: parent))
            .Select(r => (r.Figure, (IReadOnlyList<AuditCell>)[.. Work.GroupCells(group, r.Node, months)], $"{ask.Query} › {r.Figure.Label}"));
    }

    /// <summary>People figures of this viewer: their own cells of exactly the days asked (a team filter keeps nobody: the viewer is in none).</summary>
    private IEnumerable<(AuditFigure Figure, IReadOnlyList<AuditCell> Cells, string Where)> PeopleEquations(AuditAnswer answer, List<string> mismatches)
    {
        var ask = answer.Ask;
        var parent = PeopleParent(ask);
        var own = ask.Team is null ? Work.PersonCells(factory.ViewerId, parent, ask.From, ask.To).ToList() : [];
        bool InRow(AuditFigure row, AuditCell cell) => ask.GroupBy switch
        {
            "client" => Work.ClientOf(cell.Project) == row.Id,
            "project" => cell.Project == row.Id,
            "outcome" => cell.Outcome == row.Id,
            "person" => row.Id == factory.ViewerId,
            _ => row.Id is null,
        };

        if (ask.GroupBy == "person" && answer.Rows.Any(r => r.Id != factory.ViewerId))
        {
            mismatches.Add($"{ask.Query}: a row of someone else");
        }

        return answer.Rows
            .Select(r => (r, (IReadOnlyList<AuditCell>)[.. own.Where(c => InRow(r, c))], $"{ask.Query} › {r.Label}"))
            .Append((answer.Total, own, $"{ask.Query} › Total"));
    }

    private AuditNode PeopleParent(AuditAsk ask) =>
        ask.Outcome is { } outcome ? AuditNode.Leaf(factory.ProjectOfOutcome[outcome], outcome)
        : ask.Project is { } project ? AuditNode.OfProject(project)
        : ask.Client is { } client ? AuditNode.Client(client)
        : AuditNode.All;

    private AuditNode RowNode(AuditFigure row, AuditLevel level) => level switch
    {
        AuditLevel.Client => AuditNode.Client(row.Id),
        AuditLevel.Project => AuditNode.OfProject(row.Id ?? throw new InvalidOperationException($"A project row without a key: {row.Label}")),
        // A project's time without an outcome has no key of its own; its label names the project.
        _ => row.Id is { } outcome
            ? AuditNode.Leaf(factory.ProjectOfOutcome[outcome], outcome)
            : AuditNode.Leaf(factory.Projects[row.Label.Split(" › ")[0]], null),
    };

    private static AuditLevel Level(string grouping) => grouping switch
    {
        "client" => AuditLevel.Client,
        "outcome" => AuditLevel.Leaf,
        _ => AuditLevel.Project,
    };

    /// <summary>
    /// What must never follow from the figures, for every person but the viewer: each of their cells,
    /// and their time under every item (all work, each client, project and leaf) in every month and
    /// every range of months.
    /// </summary>
    private IEnumerable<(string What, IReadOnlyList<AuditCell> Cells)> PersonalTargets()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var people = Work.Time.Keys.Select(c => c.Person).Where(p => p != factory.ViewerId).Distinct();
        var ranges = MonthRanges().ToList();
        foreach (var person in people)
        {
            var name = factory.People.Single(p => p.Value == person).Key;
            foreach (var cell in Work.Time.Keys.Where(c => c.Person == person && c.Month <= DifferencingFactory.AuditedMonths[^1]))
            {
                yield return ($"{name}'s cell {cell}", [cell]);
            }

            foreach (var (from, to) in ranges)
            {
                var theirs = Work.PersonCells(person, AuditNode.All, from, to).ToList();
                var nodes = Work.Items([.. DifferencingFactory.AuditedMonths]).Append(AuditNode.All);
                foreach (var node in nodes)
                {
                    IReadOnlyList<AuditCell> cells = [.. theirs.Where(c => Work.Covers(node, c))];
                    if (cells.Count > 0 && seen.Add(string.Join(",", cells)))
                    {
                        yield return ($"{name}'s time under {node} from {from} to {to}", cells);
                    }
                }
            }
        }
    }

    private int ContributorsTheViewerDoesNotKnow(IEnumerable<AuditCell> cells) =>
        cells.Select(c => c.Person).Where(p => p != factory.ViewerId).Distinct().Count();

    /// <summary>An in-process report in the form of <see cref="AuditAnswer.Figures"/>, to compare with the API's.</summary>
    private static string Render(Report report) =>
        $"{AuditAsk.Iso(report.Period.From)}..{AuditAsk.Iso(report.Period.To)}: "
        + string.Join("; ", report.Rows.Append(report.Total).Select(r => $"{r.Key}|{r.Label}|{ReportRunner.Hours(r.Time)?.ToString(CultureInfo.InvariantCulture) ?? "withheld"}"));

    /// <summary>The reports page's table as text: each row's label and hours (or why not), then the total and the period shown.</summary>
    private static async Task<string> ReportPageAsync(HttpClient browser, string scope, LocalDate from, LocalDate to)
    {
        var page = await browser.GetDocumentAsync($"/acme/reports?scope={scope}&from={AuditAsk.Iso(from)}&to={AuditAsk.Iso(to)}&groupBy=client");
        static string Text(string? text) => string.Join(" ", (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var rows = page.QuerySelectorAll("#report-table tbody tr").Select(r => Text(r.TextContent)).ToList();
        Assert.NotEmpty(rows);
        return string.Join("\n", rows.Append(Text(page.QuerySelector("#report-total")?.TextContent)).Append(scope == "groups" ? Text(page.QuerySelector("#report-period")?.TextContent) : ""));
    }

    private static decimal Hours(long milliseconds) => Math.Round(milliseconds / 3_600_000m, 2, MidpointRounding.AwayFromZero);

    private static bool NearMonthEdge(LocalDate day) => day.Day <= 2 || day.PlusDays(2).Month != day.Month;

    private static LocalDate MonthOf(LocalDate day) => new(day.Year, day.Month, 1);

    private static LocalDate EndOf(LocalDate month) => MonthOf(month).PlusMonths(1).PlusDays(-1);

    /// <summary>
    /// The equations of one audit: a column per cell with time, the viewer's own cells known (unit rows),
    /// each shown figure a 0/1 row over the cells it adds up (deduplicated), each withheld figure a sum to
    /// check against their span.
    /// </summary>
    private sealed class AuditSpan
    {
        private readonly AuditWork _work;
        private readonly Dictionary<AuditCell, int> _columns;
        private readonly ExactSpan _span;

        public AuditSpan(AuditWork work, Guid viewer, IReadOnlyCollection<LocalDate> months)
        {
            _work = work;
            _columns = work.Time.Keys.Where(c => months.Contains(c.Month)).OrderBy(c => c.Day).ThenBy(c => c.Person).ThenBy(c => c.Project).ThenBy(c => c.Outcome)
                .Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
            _span = new ExactSpan();
            foreach (var cell in _columns.Keys.Where(c => c.Person == viewer))
            {
                _span.Add([_columns[cell]]);
                Known++;
            }

            Unknowns = _columns.Count - Known;
        }

        private AuditSpan(AuditSpan other)
        {
            _work = other._work;
            _columns = other._columns;
            _span = other._span.Clone();
            Known = other.Known;
            Unknowns = other.Unknowns;
        }

        public int Known { get; }

        public int Unknowns { get; }

        public int Figures { get; private set; }

        public int ShownFigures { get; private set; }

        public int Rank => _span.Rank;

        public Dictionary<string, string> Shown { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (IReadOnlyList<AuditCell> Cells, string Where)> Withheld { get; } = new(StringComparer.Ordinal);

        public void Record(AuditFigure figure, IReadOnlyList<AuditCell> cells, string where, List<string> mismatches)
        {
            Figures++;
            var key = Key(cells);
            if (figure.Hours is not { } hours)
            {
                // A figure over no time at all is known to be zero (zero cells count as known): withholding it hides nothing to protect.
                if (cells.Count > 0)
                {
                    Withheld.TryAdd(key, (cells, where));
                }

                return;
            }

            ShownFigures++;
            if (hours != Hours(_work.Sum(cells)))
            {
                mismatches.Add($"{where}: shown {hours}, the cells add up to {Hours(_work.Sum(cells))}");
            }

            if (Shown.TryAdd(key, where))
            {
                Add(cells);
            }
        }

        public void Add(IEnumerable<AuditCell> cells) => _span.Add(cells.Select(c => _columns[c]));

        public bool Determines(IEnumerable<AuditCell> cells) => _span.Contains(cells.Select(c => _columns[c]));

        public AuditSpan Clone() => new(this);

        private string Key(IEnumerable<AuditCell> cells) => string.Join(",", cells.Select(c => _columns[c]).Order());
    }
}
