using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Tenancy;

/// <summary>
/// Tests that change who belongs where (new organizations, accepted invitations) get their own app and
/// database, so the demo memberships other test classes rely on stay as seeded.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TenancyWritesCollection : ICollectionFixture<TimeTrackFactory>
{
    public const string Name = "tenancy-writes";
}
