namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>One server for the whole assembly; each test makes its own database on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
