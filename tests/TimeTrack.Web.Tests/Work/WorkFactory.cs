using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Work;

/// <summary>
/// Its own app and database: these tests change acme's projects, members and tracking settings, which
/// other test classes read as seeded.
/// </summary>
public sealed class WorkFactory : TimeTrackFactory;
