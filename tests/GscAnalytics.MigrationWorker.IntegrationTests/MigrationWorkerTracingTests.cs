using System.Diagnostics;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
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
    public async Task EachDatabaseGetsASpanWithItsVersionsAndNpgsqlCommandsNestedUnderIt()
    {
        var good = await server.CreateDatabaseAsync();
        var bad = new NpgsqlConnectionStringBuilder(server.For("gsc_analytics_unreachable").ConnectionString) { Password = "not-the-password" };

        var spans = await RunWorkerAsync(good, bad);

        var run = Assert.Single(spans, s => s.DisplayName == "migrate");
        Assert.Equal(ActivityStatusCode.Error, run.Status);

        var migrated = Assert.Single(spans, s => s.DisplayName == $"migrate {good.Database}");
        Assert.Equal(run.SpanId, migrated.ParentSpanId);
        Assert.Equal("postgresql", migrated.GetTagItem("db.system.name"));
        Assert.Equal(good.Database, migrated.GetTagItem("db.namespace"));
        Assert.Equal("public", migrated.GetTagItem("oban.prefix"));
        Assert.Equal(0, migrated.GetTagItem("oban.version.from"));
        Assert.Equal(12, migrated.GetTagItem("oban.version.to"));
        Assert.Equal(ActivityStatusCode.Ok, migrated.Status);

        var commands = spans.Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == migrated.SpanId).ToList();
        Assert.Contains(commands, c => c.TagObjects.Any(t => t.Value is string text && text.Contains("$oban_v01_up$", StringComparison.Ordinal)));
        Assert.DoesNotContain(commands, c => c.Status == ActivityStatusCode.Error);

        var failed = Assert.Single(spans, s => s.DisplayName == "migrate gsc_analytics_unreachable");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("28P01", failed.GetTagItem("error.type"));
        Assert.Null(failed.GetTagItem("oban.version.to"));
    }

    private static async Task<List<Activity>> RunWorkerAsync(NpgsqlConnectionStringBuilder dev, NpgsqlConnectionStringBuilder test)
    {
        var spans = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Migration:Databases:0"] = "gsc-analytics-dev",
            ["Migration:Databases:1"] = "gsc-analytics-test",
            ["ConnectionStrings:gsc-analytics-dev"] = dev.ConnectionString,
            ["ConnectionStrings:gsc-analytics-test"] = test.ConnectionString,
            ["Migration:ConnectTimeout"] = "00:00:10",
        });
        builder.AddBasicServiceDefaults();
        builder.AddMigrationWorker();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));

        try
        {
            using var host = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.RunAsync(timeout.Token);
            Assert.False(timeout.IsCancellationRequested, "The worker did not stop by itself within 60 s.");
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            // The worker reports through the process exit code; this process is the test host.
            Environment.ExitCode = 0;
        }

        return spans;
    }
}
