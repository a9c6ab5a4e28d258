using GscAnalytics.Deployment.Tests.Helpers;
using GscAnalytics.MigrationWorker.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GscAnalytics.Deployment.Tests;

/// <summary>The EF migrations bundle, the self-contained migrator a CI/CD step runs instead of the worker.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationBundleTests(PostgresServer server, MigrationBundle bundle, ITestOutputHelper output) : IClassFixture<MigrationBundle>
{
    [Fact]
    public async Task TheBundleTakesAFreshDatabaseToVersion12AndChangesNothingWhenRunAgain()
    {
        output.WriteLine($"dotnet tool restore and dotnet ef migrations bundle took {bundle.BuildTime.TotalSeconds:0.0} s");
        var database = await server.CreateDatabaseAsync();
        await using var context = GscAnalyticsDbContextFactory.Create("Host=unused");
        var migrations = context.Database.GetMigrations().ToList();

        var first = await bundle.RunAsync(database);

        Assert.True(first.ExitCode == 0, first.Output);
        await using var db = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);
        var history = await LiveCatalog.QueryAsync(db, "SELECT \"MigrationId\", \"ProductVersion\" FROM public.\"__EFMigrationsHistory\" ORDER BY 1");
        Assert.Equal(migrations, history.Select(row => (string)row[0]!));
        await LiveCatalog.ExecuteAsync(db, DdlLog.Install);

        var second = await bundle.RunAsync(database);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Empty(await LiveCatalog.QueryAsync(db, "SELECT tag, identity FROM public.ddl_log"));
        Assert.Equal(history, await LiveCatalog.QueryAsync(db, "SELECT \"MigrationId\", \"ProductVersion\" FROM public.\"__EFMigrationsHistory\" ORDER BY 1"));
        await IndependentCatalog.AssertAsync(db, 12);
    }
}
