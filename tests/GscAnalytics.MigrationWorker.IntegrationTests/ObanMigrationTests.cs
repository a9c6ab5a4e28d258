using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

/// <summary>The port run directly, as Oban runs its migrations: Oban's own tests and more.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ObanMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task SteppingUpOneVersionAtATimeRecordsEachVersion()
    {
        await using var db = await OpenFreshAsync();

        for (var version = 1; version <= ObanMigrator.LatestVersion; version++)
        {
            var result = await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = version });

            Assert.Equal(new ObanMigrationResult(version - 1, version), result);
            Assert.Equal(version, await ObanMigrator.ReadVersionAsync(db));
        }

        await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = 2 });
        Assert.Equal(1, await ObanMigrator.ReadVersionAsync(db));
        Assert.Contains("relation oban_jobs", await LiveCatalog.ObanObjectsAsync(db));
        Assert.DoesNotContain("relation oban_peers", await LiveCatalog.ObanObjectsAsync(db));

        await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = 1 });
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
        Assert.Equal(0, await ObanMigrator.ReadVersionAsync(db));
    }

    [Fact]
    public async Task UpOnAFreshDatabaseBuildsTheVersion12Catalog()
    {
        await using var db = await OpenFreshAsync();

        var result = await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        Assert.Equal(new ObanMigrationResult(0, 12), result);
        await IndependentCatalog.AssertAsync(db, 12);
        await ProductionCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task UpTwiceIsHarmlessAndNeverGoesDown()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        var again = await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        var lower = await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 5 });

        Assert.Equal(new ObanMigrationResult(12, 12), again);
        Assert.Equal(new ObanMigrationResult(12, 12), lower);
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Theory]
    [MemberData(nameof(ObanVersions.UpToDefault), MemberType = typeof(ObanVersions))]
    public async Task DownFromTwelveRunsDownToTheTargetAndRecordsTheVersionBelowIt(int target)
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        var result = await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = target });

        Assert.Equal(new ObanMigrationResult(12, target - 1), result);
        if (target == 1)
        {
            Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
        }
        else
        {
            Assert.Equal((target - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await LiveCatalog.CommentAsync(db));
        }
    }

    [Fact]
    public async Task DownThenUpAgainReturnsToTheSameCatalogExceptColumnOrder()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = 9 });
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        // V09's down rebuilds the state column, so it comes back last; everything else is as before.
        await ProductionCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task DownOnAnEmptyDatabaseSucceeds()
    {
        await using var db = await OpenFreshAsync();

        var result = await ObanMigrator.DownAsync(db, new ObanMigrationOptions());

        Assert.Equal(new ObanMigrationResult(0, 0), result);
    }

    [Fact]
    public async Task CreateSchemaFalseFailsWhenTheSchemaIsMissingAndLeavesVersionZero()
    {
        await using var db = await OpenFreshAsync();
        var options = new ObanMigrationOptions { Prefix = "private", CreateSchema = false };

        var error = await Assert.ThrowsAsync<PostgresException>(() => ObanMigrator.UpAsync(db, options));

        Assert.Equal(PostgresErrorCodes.InvalidSchemaName, error.SqlState);
        Assert.Equal(0, await ObanMigrator.ReadVersionAsync(db, "private"));
        Assert.Null(await LiveCatalog.ScalarAsync(db, "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = 'private'"));
    }

    [Fact]
    public async Task CreateSchemaFalseSucceedsWhenTheSchemaExists()
    {
        await using var db = await OpenFreshAsync();
        await LiveCatalog.ExecuteAsync(db, "CREATE SCHEMA private");

        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Prefix = "private", CreateSchema = false });

        Assert.Equal(12, await ObanMigrator.ReadVersionAsync(db, "private"));
    }

    [Theory]
    [InlineData("private", "private")]
    [InlineData("order", "\"order\"")]
    [InlineData("with-dash", "\"with-dash\"")]
    public async Task UnusualPrefixesGetTheSameCatalogAndRollBackLeavingTheSchema(string prefix, string printedPrefix)
    {
        await using var db = await OpenFreshAsync();
        var options = new ObanMigrationOptions { Prefix = prefix };

        await ObanMigrator.UpAsync(db, options);
        await IndependentCatalog.AssertAsync(db, 12, prefix, printedPrefix);
        await ProductionCatalog.AssertAsync(db, 12, prefix);
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db, "public"));

        await ObanMigrator.DownAsync(db, options with { Version = 1 });
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db, prefix));
        Assert.Equal(prefix, await LiveCatalog.ScalarAsync(db, "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = $1", prefix));
    }

    [Fact]
    public async Task OptionalVersions13And14AddTheirIndexesAndLabel()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());

        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 13 });
        await IndependentCatalog.AssertAsync(db, 13);
        await ProductionCatalog.AssertAsync(db, 13);

        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 14 });
        await IndependentCatalog.AssertAsync(db, 14);
        await ProductionCatalog.AssertAsync(db, 14);

        await ObanMigrator.DownAsync(db, new ObanMigrationOptions { Version = 13 });
        Assert.Equal(12, await ObanMigrator.ReadVersionAsync(db));
    }

    [Fact]
    public async Task AFailingVersionLeavesTheDatabaseExactlyAsItWas()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 11 });

        // V12 drops priority_range without IF EXISTS, so its absence makes V12 fail midway.
        await LiveCatalog.ExecuteAsync(db, "ALTER TABLE public.oban_jobs DROP CONSTRAINT priority_range");
        var before = await ObanCatalog.ReadAsync(db);

        await Assert.ThrowsAsync<PostgresException>(() => ObanMigrator.UpAsync(db, new ObanMigrationOptions()));

        Assert.Equal(11, await ObanMigrator.ReadVersionAsync(db));
        Assert.Equal(before.Objects, (await ObanCatalog.ReadAsync(db)).Objects);
    }

    [Fact]
    public async Task ManagedElsewhereMakesUpDoNothingAndDownRefuse()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 3 });
        await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS '∞'");

        var up = await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        var down = await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.DownAsync(db, new ObanMigrationOptions()));

        Assert.Equal(new ObanMigrationResult(ObanMigrator.ManagedElsewhere, ObanMigrator.ManagedElsewhere), up);
        Assert.Contains("managed elsewhere", down.Message, StringComparison.Ordinal);
        Assert.Equal("∞", await LiveCatalog.CommentAsync(db));
        Assert.Null(await LiveCatalog.ScalarAsync(db, "SELECT to_regclass('public.oban_peers')::text"));
    }

    [Fact]
    public async Task AGarbageCommentIsRefusedWithoutChangingAnything()
    {
        await using var db = await OpenFreshAsync();
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 3 });
        await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS 'three'");

        var error = await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.UpAsync(db, new ObanMigrationOptions()));

        Assert.Contains("'three'", error.Message, StringComparison.Ordinal);
        Assert.Null(await LiveCatalog.ScalarAsync(db, "SELECT to_regclass('public.oban_peers')::text"));
    }

    [Fact]
    public async Task ConcurrentUpsLeaveExactlyOneCorrectSchema()
    {
        var database = await server.CreateDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = await PostgresServer.OpenAsync(database);
            return await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        }));

        Assert.Single(runs, r => r == new ObanMigrationResult(0, 12));
        Assert.Equal(3, runs.Count(r => r == new ObanMigrationResult(12, 12)));
        await using var check = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(check, 12);
    }

    private async Task<NpgsqlConnection> OpenFreshAsync() => await PostgresServer.OpenAsync(await server.CreateDatabaseAsync());
}
