using GscAnalytics.MigrationWorker.Data;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

/// <summary>The EF migration AddObanTables: applied, rolled back and scripted, from every starting point.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EfMigrationTests(PostgresServer server)
{
    private const string Migration = "AddObanTables";

    [Fact]
    public async Task MigrateOnAFreshDatabaseBuildsTheVersion12Catalog()
    {
        var database = await server.CreateDatabaseAsync();

        await MigrateAsync(database);

        await using var db = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Theory]
    [MemberData(nameof(ObanVersions.BelowDefault), MemberType = typeof(ObanVersions))]
    public async Task MigrateOnADatabaseObanLeftAtAnyVersionAppliesOnlyTheRest(int version)
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await PostgresServer.OpenAsync(database);
        if (version > 0)
        {
            await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = version });
        }

        await MigrateAsync(database);

        await IndependentCatalog.AssertAsync(db, 12);
        await ProductionCatalog.AssertAsync(db, 12);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    public async Task MigrateKeepsTheJobsOfADatabaseObanLeftAtVersionEightOrLater(int version)
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await PostgresServer.OpenAsync(database);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = version });
        await InsertJobAsync(db);

        await MigrateAsync(database);

        await IndependentCatalog.AssertAsync(db, 12);
        await ProductionCatalog.AssertAsync(db, 12);
        Assert.Equal<object?[]>(
            [["GscAnalytics.Workers.Sync", "{\"site\": 7}", "sync", "available", 0]],
            await LiveCatalog.QueryAsync(db, "SELECT worker, args::text, queue, state::text, priority FROM public.oban_jobs"));
    }

    /// <summary>
    /// Before V08 jobs have no priority; V08 adds the column without filling it and V10 makes it
    /// NOT NULL, so Oban 2.18.3 itself fails here. The port does the same, atomically.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task JobsFromBeforeVersionEightStopTheUpgradeAsInObanAndNothingChanges(int version)
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await PostgresServer.OpenAsync(database);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = version });
        await InsertJobAsync(db);
        var before = await ObanCatalog.ReadAsync(db);

        var error = await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(database));

        Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
        Assert.Equal("priority", error.ColumnName);
        Assert.Equal(before.Objects, (await ObanCatalog.ReadAsync(db)).Objects);
        Assert.Equal(1L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs"));
    }

    [Fact]
    public async Task MigrateOnADatabaseAlreadyAtTwelveIssuesNoObanDdl()
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await PostgresServer.OpenAsync(database);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        await LiveCatalog.ExecuteAsync(db, DdlLog.Install);

        await MigrateAsync(database);

        Assert.Empty(await LiveCatalog.QueryAsync(db, "SELECT tag, identity FROM public.ddl_log WHERE identity LIKE '%oban%'"));
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task RollbackToZeroRemovesEveryObanObjectAndMigrateAppliesItAgain()
    {
        var database = await server.CreateDatabaseAsync();
        await MigrateAsync(database);

        await MigrateAsync(database, "0");

        await using var db = await PostgresServer.OpenAsync(database);
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
        Assert.Equal("public", await LiveCatalog.ScalarAsync(db, "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = 'public'"));

        await MigrateAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task RollbackAlsoUndoesVersionsObanAddedLater()
    {
        var database = await server.CreateDatabaseAsync();
        await MigrateAsync(database);
        await using var db = await PostgresServer.OpenAsync(database);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 14 });

        await MigrateAsync(database, "0");

        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
    }

    [Fact]
    public async Task RollbackRefusesASchemaManagedElsewhereAndChangesNothing()
    {
        var database = await server.CreateDatabaseAsync();
        await MigrateAsync(database);
        await using var db = await PostgresServer.OpenAsync(database);
        await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS '∞'");

        var error = await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(database, "0"));

        Assert.Contains("managed elsewhere", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("relation oban_peers", await LiveCatalog.ObanObjectsAsync(db));
    }

    [Fact]
    public async Task PlainScriptThroughPsqlBuildsTheVersion12CatalogAndItsRollbackRemovesIt()
    {
        var database = await server.CreateDatabaseAsync();

        var up = await Psql.RunScriptAsync(database, Script(null, null, MigrationsSqlGenerationOptions.Default));

        Assert.True(up.ExitCode == 0, up.Output);
        await using var db = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);

        var down = await Psql.RunScriptAsync(database, Script(Migration, "0", MigrationsSqlGenerationOptions.Default));

        Assert.True(down.ExitCode == 0, down.Output);
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
    }

    [Fact]
    public async Task PlainScriptOnADatabaseObanLeftAtVersionFiveFinishesTheJob()
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await PostgresServer.OpenAsync(database);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 5 });

        var up = await Psql.RunScriptAsync(database, Script(null, null, MigrationsSqlGenerationOptions.Default));

        Assert.True(up.ExitCode == 0, up.Output);
        await IndependentCatalog.AssertAsync(db, 12);
        await ProductionCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task IdempotentScriptCanRunTwice()
    {
        var database = await server.CreateDatabaseAsync();
        var script = Script(null, null, MigrationsSqlGenerationOptions.Idempotent);

        var first = await Psql.RunScriptAsync(database, script);
        var second = await Psql.RunScriptAsync(database, script);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        await using var db = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);
        Assert.Equal(1L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task IdempotentRollbackScriptRemovesEverythingAndCanRunTwice()
    {
        var database = await server.CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = Script(Migration, "0", MigrationsSqlGenerationOptions.Idempotent);

        var first = await Psql.RunScriptAsync(database, script);
        var second = await Psql.RunScriptAsync(database, script);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        await using var db = await PostgresServer.OpenAsync(database);
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(db));
    }

    private static Task InsertJobAsync(NpgsqlConnection db) =>
        LiveCatalog.ExecuteAsync(db, "INSERT INTO public.oban_jobs (worker, args, queue) VALUES ('GscAnalytics.Workers.Sync', '{\"site\": 7}', 'sync')");

    private static async Task MigrateAsync(NpgsqlConnectionStringBuilder database, string? target = null)
    {
        await using var context = GscAnalyticsDbContextFactory.Create(database.ConnectionString);
        await context.GetService<IMigrator>().MigrateAsync(target);
    }

    [Fact]
    public void DotnetEfWithNoConnectionAnywhereSaysHowToNameOneInsteadOfTryingLocalhost()
    {
        using var context = GscAnalyticsDbContextFactory.CreateDbContext(new ConfigurationBuilder().Build());

        var error = Assert.ThrowsAny<Exception>(() => context.Database.Migrate());

        // dotnet ef prints this type as its message alone, without a stack trace.
        Assert.Equal("Microsoft.EntityFrameworkCore.Design.OperationException", error.GetType().FullName);
        Assert.StartsWith("No database to connect to: pass --connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("Migration__Databases__0=<name> and ConnectionStrings__<name>", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(context.GetService<IMigrator>().GenerateScript());
    }

    private static string Script(string? from, string? to, MigrationsSqlGenerationOptions options)
    {
        using var context = GscAnalyticsDbContextFactory.Create("Host=localhost");
        return context.GetService<IMigrator>().GenerateScript(from, to, options);
    }
}
