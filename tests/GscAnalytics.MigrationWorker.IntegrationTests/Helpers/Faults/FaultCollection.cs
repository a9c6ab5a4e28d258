namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

/// <summary>
/// The fault suite's own server, which its tests stop and crash; its tests run one after another, since
/// each counts the worker sessions on the whole server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<OwnPostgresServer>
{
    public const string Name = "faults";
}
