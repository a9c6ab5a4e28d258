using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

/// <summary>The worker as the AppHost runs it: a process, its exit code and its output.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationWorkerProcessTests(PostgresServer server)
{
    [Fact]
    public async Task FreshDatabasesAreCreatedMigratedAndVerifiedWithOneSummaryLineEach()
    {
        var (dev, test) = (NewName(), NewName());

        var run = await WorkerProcess.RunAsync(WorkerEnvironment.Connections((WorkerEnvironment.Dev, server.For(dev)), (WorkerEnvironment.Test, server.For(test))));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"Migrated gsc-analytics-dev (database {dev}): Oban version 0 -> 12, verified, in ", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Migrated gsc-analytics-test (database {test}): Oban version 0 -> 12, verified, in ", run.Output, StringComparison.Ordinal);
        foreach (var name in new[] { dev, test })
        {
            await using var db = await PostgresServer.OpenAsync(server.For(name));
            await IndependentCatalog.AssertAsync(db, 12);
        }
    }

    [Fact]
    public async Task ASecondRunFindsNothingToDo()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = WorkerEnvironment.DevOnly(database);
        await WorkerProcess.RunAsync(environment);

        var second = await WorkerProcess.RunAsync(environment);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("already at Oban version 12, verified, in ", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordFailsNamingTheDatabaseWithoutPrintingAnyPassword()
    {
        var database = await server.CreateDatabaseAsync();
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "Wr0ng-Secret-Value" };

        var run = await WorkerProcess.RunAsync(WorkerEnvironment.DevOnly(wrong));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"gsc-analytics-dev (database {database.Database}) failed: 28P01: password authentication failed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-Secret-Value", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServerFailsOnceTheConnectTimeoutIsSpentAndNotBefore()
    {
        var closed = new NpgsqlConnectionStringBuilder(server.Admin.ConnectionString) { Port = LoopbackPort.Free(), Database = "gsc_analytics_dev" };

        // 4 s spans several backoff pauses, so stopping a pause early (as the worker once did) shows.
        var run = await WorkerProcess.RunAsync(
            WorkerEnvironment.DevOnly(closed).With("Migration__ConnectTimeout", "00:00:04"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did not accept connections within Migration:ConnectTimeout (4 s)", run.Output, StringComparison.Ordinal);
        Assert.InRange(run.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitingForTheServerSaysSoEveryTenSecondsNotAtEveryAttemptAndTheSummaryIsAnError()
    {
        var closed = new NpgsqlConnectionStringBuilder(server.Admin.ConnectionString) { Port = LoopbackPort.Free(), Database = "gsc_analytics_dev" };

        var run = await WorkerProcess.RunAsync(
            WorkerEnvironment.DevOnly(closed).With("Migration__ConnectTimeout", "00:00:14"));

        Assert.Equal(1, run.ExitCode);
        var waiting = run.Output.Split('\n').Count(l => l.Contains("Waiting for PostgreSQL", StringComparison.Ordinal));
        Assert.Equal(2, waiting);
        Assert.Contains("fail: GscAnalytics.MigrationWorker.MigrationWorker[11] 1 of 1 databases failed: gsc-analytics-dev", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyModeAppliesNothingAndSaysWhatDiffers()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = WorkerEnvironment.DevOnly(database);

        var empty = await WorkerProcess.RunAsync(environment, args: "--verify");
        await WorkerProcess.RunAsync(environment);
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(db, DdlLog.Install);
        }

        var matching = await WorkerProcess.RunAsync(environment.With("Migration__Mode", "Verify"));
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(db, "DROP INDEX public.oban_jobs_meta_index; TRUNCATE public.ddl_log;");
        }

        var drifted = await WorkerProcess.RunAsync(environment, args: "--verify");

        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("there is no Oban schema", empty.Output, StringComparison.Ordinal);
        Assert.True(matching.ExitCode == 0, matching.Output);
        Assert.Contains($"gsc-analytics-dev (database {database.Database}): Oban version 12, catalog verified", matching.Output, StringComparison.Ordinal);
        Assert.Equal(1, drifted.ExitCode);
        Assert.Contains("differs from Oban's version 12: missing index oban_jobs_meta_index", drifted.Output, StringComparison.Ordinal);
        await using var check = await PostgresServer.OpenAsync(database);
        Assert.Equal(0L, await LiveCatalog.ScalarAsync(check, "SELECT count(*) FROM public.ddl_log"));
        Assert.Equal(0L, await LiveCatalog.ScalarAsync(check, "SELECT count(*) FROM pg_indexes WHERE indexname = 'oban_jobs_meta_index'"));
    }

    [Fact]
    public async Task VerifyModeWaitsUpToTheSchemaTimeoutForAnotherProcessToMigrate()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = WorkerEnvironment.DevOnly(database);

        var verifying = WorkerProcess.RunAsync(environment.With("Migration__SchemaTimeout", "00:00:30"), args: "--verify");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var migrating = await WorkerProcess.RunAsync(environment);
        var verified = await verifying;

        Assert.True(migrating.ExitCode == 0, migrating.Output);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("Oban version 12, catalog verified", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALockAnotherSessionHoldsFailsAfterTheLockTimeoutNamingItThenClears()
    {
        var database = await server.CreateDatabaseAsync();
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = 11 });
        }

        var environment = WorkerEnvironment.DevOnly(database).With("Migration__LockTimeout", "00:00:02");
        RunningProcess.Result blocked;
        await using (var holder = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(holder, "SET application_name = 'lock-holder'; BEGIN; LOCK TABLE public.oban_jobs IN ACCESS SHARE MODE;");
            blocked = await WorkerProcess.RunAsync(environment);
            await using var check = await PostgresServer.OpenAsync(database);
            Assert.Equal("11", await LiveCatalog.CommentAsync(check));
        }

        var cleared = await WorkerProcess.RunAsync(environment);

        Assert.True(blocked.ExitCode == 1, blocked.Output);
        Assert.True(blocked.Output.Contains("waited Migration:LockTimeout (2 s) for a lock held by pid ", StringComparison.Ordinal), blocked.Output);
        Assert.Contains("(lock-holder, idle in transaction: LOCK TABLE public.oban_jobs IN ACCESS SHARE MODE", blocked.Output, StringComparison.Ordinal);
        Assert.True(cleared.ExitCode == 0, cleared.Output);
        Assert.Contains("Oban version 11 -> 12", cleared.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseWithoutAConnectionStringFailsBeforeAnyDatabaseIsTouched()
    {
        var dev = NewName();

        var run = await WorkerProcess.RunAsync(WorkerEnvironment.Connections((WorkerEnvironment.Dev, server.For(dev))).With("Migration__Databases__1", WorkerEnvironment.Test));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ConnectionStrings:gsc-analytics-test is not set, but Migration:Databases names 'gsc-analytics-test'", run.Output, StringComparison.Ordinal);
        Assert.False(await server.DatabaseExistsAsync(dev));
    }

    [Fact]
    public async Task AWorkerToldOfNoDatabaseSaysInOneLineWhatToSet()
    {
        var run = await WorkerProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__gsc-analytics-dev"] = server.For(NewName()).ConnectionString });

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Migration:Databases names no database; name each one and its connection string (environment: Migration__Databases__0=", line, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedConnectionStringFailsWithoutEchoingIt()
    {
        var run = await WorkerProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__gsc-analytics-dev"] = "Host=127.0.0.1;Passwrd=Leaky-Secret",
            ["Migration__Databases__0"] = "gsc-analytics-dev",
        });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ConnectionStrings:gsc-analytics-dev is not a valid PostgreSQL connection string", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Leaky-Secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseThatRefusesDdlFailsAndKeepsNothingHalfApplied()
    {
        var database = await server.CreateDatabaseAsync();
        var role = await server.CreateRoleAsync("reader-pw");
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC;");
        }

        var reader = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "reader-pw" };
        var run = await WorkerProcess.RunAsync(WorkerEnvironment.DevOnly(reader));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"gsc-analytics-dev (database {database.Database}) failed: 42501: permission denied for schema public", run.Output, StringComparison.Ordinal);
        await using var check = await PostgresServer.OpenAsync(database);
        Assert.Empty(await LiveCatalog.ObanObjectsAsync(check));
    }

    [Fact]
    public async Task WorkersStartedTogetherAllSucceedAndLeaveOneCorrectSchema()
    {
        var database = await server.CreateDatabaseAsync(NewName());
        var environment = WorkerEnvironment.DevOnly(database);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => WorkerProcess.RunAsync(environment)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        Assert.Single(runs, run => run.Output.Contains("Oban version 0 -> 12", StringComparison.Ordinal));
        await using var db = await PostgresServer.OpenAsync(database);
        await IndependentCatalog.AssertAsync(db, 12);
        Assert.Equal(1L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task ConcurrentWorkersCreatingTheSameMissingDatabaseAllSucceed()
    {
        var name = NewName();
        var environment = WorkerEnvironment.DevOnly(server.For(name));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => WorkerProcess.RunAsync(environment)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        await using var db = await PostgresServer.OpenAsync(server.For(name));
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task AnIndexTheApplicationAddedIsAWarningNotAFailure()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = WorkerEnvironment.DevOnly(database);
        await WorkerProcess.RunAsync(environment);
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(db, "CREATE INDEX oban_jobs_worker_index ON public.oban_jobs (worker)");
        }

        var run = await WorkerProcess.RunAsync(environment);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"Database {database.Database} has objects beside Oban's, left as they are: index oban_jobs_worker_index", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnObanObjectDefinedDifferentlyFailsNamingWhatDiffers()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = WorkerEnvironment.DevOnly(database);
        await WorkerProcess.RunAsync(environment);
        await using (var db = await PostgresServer.OpenAsync(database))
        {
            await LiveCatalog.ExecuteAsync(db, "ALTER TABLE public.oban_jobs ALTER COLUMN max_attempts SET DEFAULT 5; DROP INDEX public.oban_jobs_meta_index;");
        }

        var run = await WorkerProcess.RunAsync(environment);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the Oban schema differs from Oban's version 12: missing index oban_jobs_meta_index; column oban_jobs.max_attempts: expected integer default 20 not null, found integer default 5 not null", run.Output, StringComparison.Ordinal);
    }

    private static string NewName() => $"w_{Guid.NewGuid():N}";
}
