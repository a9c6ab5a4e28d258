using System.Diagnostics;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Trace;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

/// <summary>The worker's traces, captured in memory from a host built as Program.cs builds it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationWorkerTracingTests(PostgresServer server)
{
    [Fact]
    public async Task EachDatabaseGetsASpanWithItsStepsOneSpanPerObanVersionAndTheSqlUnderTheStepThatRanIt()
    {
        var good = await server.CreateDatabaseAsync();
        var bad = new NpgsqlConnectionStringBuilder(server.For("gsc_analytics_unreachable").ConnectionString) { Password = "not-the-password" };

        var spans = await RunWorkerAsync(expectedExitCode: 1, good, bad);

        var run = Assert.Single(spans, s => s.DisplayName == "migrate");
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        var migrated = Assert.Single(spans, s => s.DisplayName == $"migrate {good.Database}");
        Assert.Equal(run.SpanId, migrated.ParentSpanId);
        Assert.Equal(("postgresql", good.Database, "public"), (migrated.GetTagItem("db.system.name"), migrated.GetTagItem("db.namespace"), migrated.GetTagItem("oban.prefix")));
        Assert.Equal((0, 12, "migrated"), (migrated.GetTagItem("oban.version.from"), migrated.GetTagItem("oban.version.to"), migrated.GetTagItem("migration.outcome")));
        Assert.Equal(ActivityStatusCode.Ok, migrated.Status);

        var steps = Children(spans, migrated).Where(s => s.Source.Name != "Npgsql").Select(s => s.DisplayName).ToList();
        Assert.Equal(["oban.lock", "ef.history", "ef.migrate", "oban.verify"], steps);
        Assert.Equal(1, Single(spans, migrated, "ef.history").GetTagItem("ef.migrations.pending"));
        Assert.IsType<long>(Single(spans, migrated, "oban.lock").GetTagItem("oban.lock.wait_ms"));

        var efMigrate = Single(spans, migrated, "ef.migrate");
        var versions = Children(spans, efMigrate).Where(s => s.DisplayName == "oban.migrate").ToList();
        Assert.Equal(Enumerable.Range(1, 12), versions.Select(v => (int)v.GetTagItem("oban.version.to")!));
        Assert.All(versions, v => Assert.Equal((int)v.GetTagItem("oban.version.to")! - 1, v.GetTagItem("oban.version.from")));
        var v09 = versions.Single(v => (int)v.GetTagItem("oban.version.to")! == 9);
        Assert.Contains(Children(spans, v09), c => c.Source.Name == "Npgsql" && c.DisplayName == "DO oban_v09_up");
        var v06 = versions.Single(v => (int)v.GetTagItem("oban.version.to")! == 6);
        Assert.Equal(true, v06.GetTagItem("oban.version.empty"));
        Assert.Empty(Children(spans, v06));
        Assert.DoesNotContain(spans, c => c.Source.Name == "Npgsql" && c.Status == ActivityStatusCode.Error && c.ParentSpanId == migrated.SpanId);

        var failed = Assert.Single(spans, s => s.DisplayName == "migrate gsc_analytics_unreachable");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("28P01", failed.GetTagItem("error.type"));
        Assert.Null(failed.GetTagItem("oban.version.to"));
    }

    [Fact]
    public async Task ARunWithNothingToDoIsAShortTraceThatSaysSo()
    {
        var database = await server.CreateDatabaseAsync();
        await RunWorkerAsync(expectedExitCode: 0, database);

        var spans = await RunWorkerAsync(expectedExitCode: 0, database);

        var migrated = Assert.Single(spans, s => s.DisplayName == $"migrate {database.Database}");
        Assert.Equal((12, 12, "nothing to do"), (migrated.GetTagItem("oban.version.from"), migrated.GetTagItem("oban.version.to"), migrated.GetTagItem("migration.outcome")));
        Assert.Equal(["oban.lock", "ef.history", "oban.verify"], Children(spans, migrated).Where(s => s.Source.Name != "Npgsql").Select(s => s.DisplayName));
        Assert.Equal(0, Single(spans, migrated, "ef.history").GetTagItem("ef.migrations.pending"));
        Assert.DoesNotContain(spans, s => s.DisplayName is "ef.migrate" or "oban.migrate");
    }

    [Fact]
    public async Task ALockHeldTooLongEndsTheLockSpanWithTheWaitAndTheHoldersPid()
    {
        var database = await server.CreateDatabaseAsync();
        await using var holder = await MigrationPoint.BeforeTheLock.HoldAsync(database);

        var pid = holder.ProcessID;
        var spans = await RunWorkerWithAsync(new("Migration:LockTimeout", "00:00:01"), expectedExitCode: 1, database);

        var step = Assert.Single(spans, s => s.DisplayName == "oban.lock");
        Assert.Equal(ActivityStatusCode.Error, step.Status);
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), step.GetTagItem("oban.lock.holder_pids"));
        Assert.True((long)step.GetTagItem("oban.lock.wait_ms")! >= 1000, $"waited {step.GetTagItem("oban.lock.wait_ms")} ms");
    }

    [Fact]
    public async Task AFailedVerificationEndsTheVerifyStepFailedWithTheCause()
    {
        var database = await server.CreateDatabaseAsync();
        await RunWorkerAsync(expectedExitCode: 0, database);
        await using (var connection = await PostgresServer.OpenAsync(database))
        await using (var drop = new NpgsqlCommand("DROP INDEX public.oban_jobs_meta_index", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var spans = await RunWorkerAsync(expectedExitCode: 1, database);

        var step = Assert.Single(spans, s => s.DisplayName == "oban.verify");
        Assert.Equal(ActivityStatusCode.Error, step.Status);
        Assert.Contains("oban_jobs_meta_index", step.StatusDescription);
        Assert.Equal(ActivityStatusCode.Unset, Assert.Single(spans, s => s.DisplayName == "ef.history").Status);
    }

    private static IEnumerable<Activity> Children(List<Activity> spans, Activity parent) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc);

    private static Activity Single(List<Activity> spans, Activity parent, string name) => Assert.Single(Children(spans, parent), s => s.DisplayName == name);

    private static Task<List<Activity>> RunWorkerAsync(int expectedExitCode, params NpgsqlConnectionStringBuilder[] databases) =>
        RunWorkerWithAsync(new("Migration:LockTimeout", "00:00:30"), expectedExitCode, databases);

    private static async Task<List<Activity>> RunWorkerWithAsync(KeyValuePair<string, string?> setting, int expectedExitCode, params NpgsqlConnectionStringBuilder[] databases)
    {
        var spans = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?> { ["Migration:ConnectTimeout"] = "00:00:10" };
        foreach (var (index, database) in databases.Index())
        {
            configuration[$"Migration:Databases:{index}"] = database.Database;
            configuration[$"ConnectionStrings:{database.Database}"] = database.ConnectionString;
        }

        builder.Configuration.AddInMemoryCollection([.. configuration, setting]);
        builder.AddBasicServiceDefaults();
        builder.AddMigrationWorker();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));

        try
        {
            using var host = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.RunAsync(timeout.Token);
            Assert.False(timeout.IsCancellationRequested, "The worker did not stop by itself within 60 s.");
            Assert.Equal(expectedExitCode, Environment.ExitCode);
        }
        finally
        {
            // The worker reports through the process exit code; this process is the test host.
            Environment.ExitCode = 0;
        }

        return spans;
    }
}
