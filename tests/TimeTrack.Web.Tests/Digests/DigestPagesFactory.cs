using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>
/// The digest pages on their own app and database, with the clock standing at Wednesday 25 November
/// 2026 and the people of <see cref="PersonDataFactory"/> (Maya manages Alice, Bob and Carol; Otto
/// manages Finn). Tests insert the digests they read, each in a week of its own, so they never
/// depend on how digests are built or on each other.
/// </summary>
public sealed class DigestPagesFactory : PersonDataFactory
{
    /// <summary>A week's total no other number on the pages shares: "22h 37m".</summary>
    public const int TotalMinutes = 1357;

    public const string TotalText = "22h 37m";

    public const string Highlight = "Your longest focus block was Tuesday morning, 2 h 40 min";

    /// <summary>Inserts <paramref name="email"/>'s digest of <paramref name="weekStart"/>, created now, its embargo ending <paramref name="embargoHours"/> from now.</summary>
    public async Task<Digest> AddDigestAsync(string email, LocalDate weekStart, int embargoHours = 48, Action<Digest>? change = null)
    {
        var userId = await Database.UserIdAsync(email);
        var now = Clock.GetCurrentInstant();
        var digest = new Digest
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            WeekStart = weekStart,
            WeekEndedAt = now - Duration.FromDays(2),
            Content = Content(weekStart),
            CreatedAt = now,
            EmbargoEndsAt = now + Duration.FromHours(embargoHours),
        };
        change?.Invoke(digest);
        await using var scope = Scopes.CreateScope(AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.Digests.Add(digest);
        await db.SaveChangesAsync();
        return digest;
    }

    public async Task<Digest> DigestAsync(Guid id)
    {
        await using var scope = Scopes.CreateScope(AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Digests.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    public static DigestContent Content(LocalDate weekStart)
    {
        var website = Guid.CreateVersion7();
        var release = Guid.CreateVersion7();
        return new DigestContent(
            weekStart,
            TotalMinutes,
            [new ProjectHours(website, "Website relaunch", 1000), new ProjectHours(Guid.CreateVersion7(), "Internal tools", 357)],
            [new OutcomeHours(release, "First release", "Website relaunch", 600)],
            [new OutcomeMove(release, "First release", "Website relaunch", OutcomeStatus.Done, true)],
            421,
            new LongestFocus(weekStart.PlusDays(1).At(new LocalTime(9, 0)), 160, "Website relaunch"),
            [.. Enumerable.Range(0, 7).Select(i => new DaySwitches(weekStart.PlusDays(i), i % 3))],
            95,
            0,
            new WeekComparison(4, 1200, TotalMinutes - 1200),
            [Highlight]);
    }
}

[CollectionDefinition(Name)]
public sealed class DigestPagesCollection : ICollectionFixture<DigestPagesFactory>
{
    public const string Name = "digest-pages";
}
