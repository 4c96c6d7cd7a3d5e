using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Approval;

/// <summary>
/// Its own app and database (approving weeks locks them, which no other test may meet), with the
/// people of <see cref="PersonDataFactory"/>: Maya manages Alice, Bob and Carol; Otto manages Finn.
/// The clock stands at Wednesday 25 November 2026; the seed's entries are in the week of 16 November.
/// </summary>
public sealed class ApprovalFactory : PersonDataFactory;

[CollectionDefinition(Name)]
public sealed class ApprovalCollection : ICollectionFixture<ApprovalFactory>
{
    public const string Name = "approval";
}
