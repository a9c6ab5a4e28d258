using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

/// <summary>
/// Oban's range rule, decided once by the script's plan block: from each recorded version, which
/// versions up and down run, in which order, and the version recorded after them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ObanPlanTests(PostgresServer server)
{
    [Theory]
    [InlineData(0, 12, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(1, 12, new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(11, 12, new[] { 12 })]
    [InlineData(12, 12, new int[0])]
    [InlineData(13, 12, new int[0])]
    [InlineData(12, 14, new[] { 13, 14 })]
    [InlineData(0, 1, new[] { 1 })]
    [InlineData(ObanMigrator.ManagedElsewhere, 14, new int[0])]
    public async Task UpRunsOnlyTheVersionsAboveTheRecordedOneAndRecordsTheTarget(int recorded, int target, int[] expected)
    {
        await using var db = await OpenAtAsync(recorded);

        var result = await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = target });

        Assert.Equal(expected, await PlanLog.ReadAsync(db));
        var after = expected.Length > 0 ? target : recorded;
        Assert.Equal(new ObanMigrationResult(recorded, after), result);
        Assert.Equal(after, await ObanMigrator.ReadVersionAsync(db));
    }

    [Theory]
    [InlineData(12, 1, new[] { 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 })]
    [InlineData(12, 12, new[] { 12 })]
    [InlineData(12, 11, new[] { 12, 11 })]
    [InlineData(3, 2, new[] { 3, 2 })]
    [InlineData(0, 1, new[] { 1 })]
    [InlineData(0, 2, new int[0])]
    [InlineData(5, 9, new int[0])]
    [InlineData(14, 13, new[] { 14, 13 })]
    public async Task DownIncludesTheTargetStartsAtLeastAtOneAndRecordsTheVersionBelowIt(int recorded, int target, int[] expected)
    {
        await using var db = await OpenAtAsync(recorded);

        var result = await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = target });

        Assert.Equal(expected, await PlanLog.ReadAsync(db));
        var after = expected.Length > 0 ? target - 1 : recorded;
        Assert.Equal(new ObanMigrationResult(recorded, after), result);
        Assert.Equal(after, await ObanMigrator.ReadVersionAsync(db));
    }

    [Fact]
    public async Task AVersionNewerThanThisPortKnowsIsLeftAloneByUpAndRefusedByDown()
    {
        await using var db = await OpenAtAsync(ObanMigrator.LatestVersion);
        await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS '15'");

        var up = await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        var down = await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.DownAsync(db, new ObanMigrationOptions()));

        Assert.Equal(new ObanMigrationResult(15, 15), up);
        Assert.Contains("newer than the latest this port knows (14)", down.Message, StringComparison.Ordinal);
        Assert.Equal("15", await LiveCatalog.CommentAsync(db));
        Assert.Empty(await PlanLog.ReadAsync(db));
    }

    [Fact]
    public async Task DownRefusesAGarbageCommentLikeUp()
    {
        await using var db = await OpenAtAsync(3);
        await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS 'three'");

        var error = await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.DownAsync(db, new ObanMigrationOptions()));

        Assert.Contains("is 'three', which is not an Oban version", error.Message, StringComparison.Ordinal);
        Assert.Contains("relation oban_jobs", await LiveCatalog.ObanObjectsAsync(db));
    }

    /// <summary>A fresh database brought to <paramref name="recorded"/> by the engine, with the plan log installed after.</summary>
    private async Task<NpgsqlConnection> OpenAtAsync(int recorded)
    {
        var db = await PostgresServer.OpenAsync(await server.CreateDatabaseAsync());
        if (recorded == ObanMigrator.ManagedElsewhere)
        {
            await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
            await LiveCatalog.ExecuteAsync(db, $"COMMENT ON TABLE public.oban_jobs IS '{ObanMigrator.ManagedElsewhereComment}'");
        }
        else if (recorded > 0)
        {
            await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = recorded });
        }

        await PlanLog.InstallAsync(db);
        return db;
    }
}
