using System.Globalization;
using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The <c>oban</c> resource on the AppHost's own model: the worker as Oban's monitor, real PostgreSQL, real dashboard.</summary>
public sealed class ObanMonitorTests : IDisposable
{
    private readonly TestAppHost host = new();

    [Fact]
    public async Task JobsInsertedInEachStateShowAsTheObanResourcesPropertiesWithinSeconds()
    {
        await using var app = await host.StartAsync();
        await app.ResourceNotifications.WaitForResourceAsync("oban", KnownResourceStates.Running).WaitAsync(TestAppHost.Timeout);
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await LiveCatalog.ExecuteAsync(db, """
                INSERT INTO public.oban_jobs (state, queue, worker, args, scheduled_at, attempted_at, attempted_by)
                SELECT s::public.oban_job_state, 'default', 'GscAnalytics.Workers.Sync', '{}',
                       timezone('UTC', now()) - interval '30 seconds',
                       CASE WHEN s = 'executing' THEN timezone('UTC', now()) END, CASE WHEN s = 'executing' THEN ARRAY['web@host-1', 'uuid'] END
                  FROM unnest(ARRAY['available', 'available', 'scheduled', 'executing', 'completed', 'completed', 'completed']) s
                """);
        }

        var shown = await app.ResourceNotifications.WaitForResourceAsync("oban",
            e => Property(e.Snapshot, "oban.gsc-analytics-dev.queue.default")?.Contains("completed 3", StringComparison.Ordinal) == true).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("available 2 · scheduled 1 · executing 1 · completed 3 · oldest available ",
            Property(shown.Snapshot, "oban.gsc-analytics-dev.queue.default"));
        Assert.StartsWith("version 12 · 1 queues · 1 executing · no leader", Property(shown.Snapshot, "oban.gsc-analytics-dev"));
        Assert.StartsWith("#", Property(shown.Snapshot, "oban.gsc-analytics-dev.executing"));
        Assert.Contains("GscAnalytics.Workers.Sync (default) on web@host-1 for ", Property(shown.Snapshot, "oban.gsc-analytics-dev.executing"));
        Assert.StartsWith("version 12 · 0 queues", Property(shown.Snapshot, "oban.gsc-analytics-test"));
    }

    [Fact]
    public async Task AJobMovedToDiscardedGivesExactlyOneErrorRecordInTheDashboardsLogsAndTheCommandsChangeWhatTheySay()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: true, DashboardApi.FreePortArguments());
        await app.ResourceNotifications.WaitForResourceAsync("oban", e => Property(e.Snapshot, "oban.gsc-analytics-dev") is not null).WaitAsync(TestAppHost.Timeout);
        await using var db = await app.OpenAsync("gsc-analytics-dev");
        var id = (long)(await LiveCatalog.ScalarAsync(db, """
            INSERT INTO public.oban_jobs (state, queue, worker, args, attempt, attempted_at, attempted_by)
            VALUES ('executing', 'crawls', 'GscAnalytics.Workers.Crawl', '{"site_id": 7}', 1, timezone('UTC', now()), ARRAY['web@host-1', 'uuid'])
            RETURNING id
            """))!;
        await LiveCatalog.ExecuteAsync(db, $"""
            UPDATE public.oban_jobs SET state = 'discarded', discarded_at = timezone('UTC', now()), max_attempts = 1,
                   errors = ARRAY[jsonb_build_object('at', now(), 'attempt', 1, 'error', E'** (RuntimeError) site 7 is gone\n    (app) lib/crawl.ex:12')]
             WHERE id = {id}
            """);

        using var dashboard = await DashboardApi.ConnectAsync(app);
        var records = await dashboard.WaitForLogsAsync("oban", "GscAnalytics.Workers.Crawl", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(5)); // two more polls: the failure must not be said again
        var later = await dashboard.LogsAsync("oban", "GscAnalytics.Workers.Crawl");
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var retry = await commands.ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.RetryFailedCommand).WaitAsync(TestAppHost.Timeout);
        var pause = await commands.ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.PauseQueuesCommand).WaitAsync(TestAppHost.Timeout);

        var record = Assert.Single(later);
        Assert.Single(records);
        Assert.Equal("Error", record.GetProperty("severityText").GetString());
        Assert.Equal(string.Create(CultureInfo.InvariantCulture,
            $"GscAnalytics.Workers.Crawl job {id} in queue crawls of gsc-analytics-dev was discarded after attempt 1 of 1: ** (RuntimeError) site 7 is gone (args {{\"site_id\": 7}})"), record.GetProperty("body").GetProperty("stringValue").GetString());
        var attributes = record.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").ToString());
        Assert.Contains(id.ToString(CultureInfo.InvariantCulture), attributes["JobId"]);
        Assert.Contains("GscAnalytics.Workers.Crawl", attributes["Worker"]);
        Assert.True(retry.Success, retry.Message);
        Assert.Equal("1 jobs of gsc_analytics_dev are available again: 1 in crawls.", retry.Message);
        Assert.Equal("available", (string?)await LiveCatalog.ScalarAsync(db, $"SELECT state::text FROM public.oban_jobs WHERE id = {id}"));
        Assert.True(pause.Success, pause.Message);
        Assert.Contains("pg_notify on public.oban_signal with {\"action\":\"pause\",\"ident\":\"any\",\"queue\":\"*\"}", pause.Message);
    }

    public void Dispose() => host.Dispose();

    private static string? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
}
