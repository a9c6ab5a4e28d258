using System.Net;
using System.Net.Http.Headers;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The dashboard of a booted AppHost: resources, the migration's trace and logs, and its locks.</summary>
public sealed class DashboardTests : IDisposable
{
    private readonly AppHostFixture fixture = new();

    [Fact]
    public async Task AfterMigrationsTheApiShowsResourcesTheMigrationTraceAndTheWorkersLogs()
    {
        await using var app = await fixture.StartAsync("echo dependent up");
        await app.ResourceNotifications.WaitForResourceAsync("probe", s => KnownResourceStates.IsTerminal(s.State)).WaitAsync(AppHostFixture.Timeout);
        using var dashboard = new DashboardClient(app);

        Assert.Equal(HttpStatusCode.Redirect, await dashboard.LoginAsync());

        var resources = await dashboard.GetAsync("api/resources");
        var byName = resources.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["postgres", "gsc-analytics-dev", "gsc-analytics-test", "migrations", "probe"], byName.Keys);
        Assert.Equal("Finished", byName["migrations"].GetProperty("state").GetString());
        Assert.Equal(0, byName["migrations"].GetProperty("exitCode").GetInt32());
        Assert.Equal("Running", byName["postgres"].GetProperty("state").GetString());
        Assert.Equal("Healthy", byName["gsc-analytics-dev"].GetProperty("health").GetString());
        Assert.Equal(["gsc-analytics-dev", "gsc-analytics-test"], byName["migrations"].GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        var connection = byName["gsc-analytics-dev"].GetProperty("connectionString").GetString()!;
        Assert.Contains("Password=***;Database=gsc_analytics_dev", connection, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Password, resources.GetRawText(), StringComparison.Ordinal);

        var traces = await dashboard.WaitForAsync("api/traces", t => t.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "migrations: migrate"));
        var traceId = traces.EnumerateArray().First(x => x.GetProperty("name").GetString() == "migrations: migrate").GetProperty("traceId").GetString();
        var spans = (await dashboard.GetAsync($"api/traces/{traceId}")).GetProperty("spans").EnumerateArray().ToList();
        var root = Assert.Single(spans, s => s.GetProperty("name").GetString() == "migrate");
        foreach (var database in new[] { "gsc_analytics_dev", "gsc_analytics_test" })
        {
            var span = Assert.Single(spans, s => s.GetProperty("name").GetString() == $"migrate {database}");
            Assert.Equal(root.GetProperty("spanId").GetString(), span.GetProperty("parentSpanId").GetString());
            var attributes = span.GetProperty("attributes");
            Assert.Equal(database, attributes.GetProperty("db.namespace").GetString());
            Assert.Equal("0", attributes.GetProperty("oban.version.from").GetString());
            Assert.Equal("12", attributes.GetProperty("oban.version.to").GetString());
            var sql = spans.Where(s => s.GetProperty("parentSpanId").GetString() == span.GetProperty("spanId").GetString()
                && s.GetProperty("scope").GetString() == "Npgsql").ToList();
            Assert.Contains(sql, s => s.GetProperty("attributes").EnumerateObject().Any(a => a.Value.GetString()!.Contains("$oban_v01_up$", StringComparison.Ordinal)));
        }

        var logs = await dashboard.WaitForAsync("api/logs?resource=migrations", l => l.GetArrayLength() > 0);
        Assert.Contains(logs.EnumerateArray(), l => l.GetProperty("message").GetString()!.StartsWith("Migrated gsc-analytics-dev (database gsc_analytics_dev): Oban version 0 -> 12", StringComparison.Ordinal)
            && l.GetProperty("level").GetString() == "Information"
            && l.GetProperty("traceId").GetString() == traceId);

        var console = await dashboard.GetAsync("api/resources/probe/console");
        Assert.Equal(["dependent up"], console.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task WithoutTheLoginCookieEveryPageAndApiIsRefused()
    {
        await using var app = await fixture.StartAsync();
        using var dashboard = new DashboardClient(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.SendAsync(HttpMethod.Get, "api/resources")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.SendAsync(HttpMethod.Get, "")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.SendAsync(HttpMethod.Post, "api/resources/migrations/restart")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await dashboard.LoginAsync("not-the-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.SendAsync(HttpMethod.Get, "api/traces")).StatusCode);
    }

    [Fact]
    public async Task OtlpExportsWithoutTheApiKeyAreRefused()
    {
        await using var app = await fixture.StartAsync();
        using var dashboard = new DashboardClient(app);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var httpExport = new ByteArrayContent([]);
        httpExport.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var refused = await http.PostAsync(new Uri(dashboard.Dashboard.OtlpHttpEndpoint!, "v1/traces"), httpExport);

        using var grpcExport = new HttpRequestMessage(HttpMethod.Post, new Uri(dashboard.Dashboard.OtlpGrpcEndpoint!, "opentelemetry.proto.collector.trace.v1.TraceService/Export"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        grpcExport.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var grpcRefused = await http.SendAsync(grpcExport);

        using var keyed = new ByteArrayContent([]);
        keyed.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        keyed.Headers.Add("x-otlp-api-key", dashboard.Dashboard.OtlpApiKey);
        var accepted = await http.PostAsync(new Uri(dashboard.Dashboard.OtlpHttpEndpoint!, "v1/traces"), keyed);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, grpcRefused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task RestartingMigrationsRunsItAgainAndGatesItsDependentAgain()
    {
        await using var app = await fixture.StartAsync("echo dependent up");
        await app.ResourceNotifications.WaitForResourceAsync("probe", s => KnownResourceStates.IsTerminal(s.State)).WaitAsync(AppHostFixture.Timeout);
        var firstProbe = app.ResourceNotifications.Get("probe")!.Snapshot;
        using var dashboard = new DashboardClient(app);
        await dashboard.LoginAsync();

        var restart = await dashboard.SendAsync(HttpMethod.Post, "api/resources/migrations/restart");

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var probe = await app.ResourceNotifications
            .WaitForResourceAsync("probe", s => KnownResourceStates.IsTerminal(s.State) && s.StartTimeStamp > firstProbe.StopTimeStamp)
            .WaitAsync(AppHostFixture.Timeout);
        var migrations = app.ResourceNotifications.Get("migrations")!.Snapshot;
        Assert.Equal(0, migrations.ExitCode);
        Assert.True(probe.Snapshot.StartTimeStamp >= migrations.StopTimeStamp, "the dependent started again before the re-run finished");
        Assert.Equal(2, app.ResourceLogs.GetLines("migrations").Count(l => l.Contains("Migrations finished: 2 of 2", StringComparison.Ordinal)));
    }

    public void Dispose() => fixture.Dispose();
}
