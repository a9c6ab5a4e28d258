using System.Diagnostics.Metrics;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Monitoring;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Monitoring;

/// <summary>The Oban monitor's poll on a real database at Oban's version 12, with jobs as Oban writes them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ObanMonitorPollTests(PostgresServer server)
{
    private static readonly ObanSchema Public = ObanSchema.From(new ObanMigrationOptions());

    [Fact]
    public async Task JobsInEachStateShowByQueueAndStateWithTheOldestAvailablesWaitTheExecutingJobsNodesAndTheLeader()
    {
        await using var db = await MigratedAsync();
        foreach (var (inState, count) in new[] { ("available", 3), ("scheduled", 2), ("executing", 1), ("retryable", 1), ("completed", 5), ("discarded", 2), ("cancelled", 1) })
        {
            await ObanJobs.InsertAsync(db, inState, "default", count, waited: inState == "available" ? TimeSpan.FromSeconds(90) : null);
        }

        var running = await ObanJobs.InsertAsync(db, "executing", "mailers", age: TimeSpan.FromSeconds(20), worker: "GscAnalytics.Workers.Mail", node: "worker@host-2");
        await ObanJobs.LeadAsync(db, "web@host-1", TimeSpan.FromSeconds(30));

        var poll = await new ObanDatabasePoller("dev", Public, new ObanMonitorOptions()).PollAsync(db, default);

        var state = poll.State;
        Assert.Null(state.Problem);
        Assert.Equal("12", state.Version);
        Assert.Equal(["default", "mailers"], state.Queues.Select(q => q.Queue));
        var queue = state.Queues[0];
        Assert.Equal([3L, 2, 1, 1, 5, 2, 1], GscAnalytics.Shared.ObanQueueState.States.Select(s => queue.Counts[s]));
        Assert.Empty(queue.Estimated);
        Assert.InRange(queue.LatencySeconds!.Value, 89, 120);
        Assert.Null(state.Queues[1].LatencySeconds);
        Assert.Equal(2, state.ExecutingTotal);
        var longest = state.Executing[0];
        Assert.Equal((running[0], "mailers", "GscAnalytics.Workers.Mail", "worker@host-2"), (longest.Id, longest.Queue, longest.Worker, longest.Node));
        Assert.InRange(longest.Seconds, 19, 60);
        Assert.Equal(("Oban", "web@host-1", true), (state.Peers.Single().Name, state.Peers.Single().Node, state.Peers.Single().Leads));
        Assert.Empty(poll.Failures);
    }

    [Fact]
    public async Task AnEndedStateWithMoreJobsThanTheExactLimitIsEstimatedAndSaidToBe()
    {
        await using var db = await MigratedAsync();
        await ObanJobs.InsertAsync(db, "completed", "default", 400);
        await ObanJobs.InsertAsync(db, "discarded", "default", 3);
        await LiveCatalog.ExecuteAsync(db, "ANALYZE public.oban_jobs");

        var poll = await new ObanDatabasePoller("dev", Public, new ObanMonitorOptions { ExactCountLimit = 100 }).PollAsync(db, default);

        var queue = Assert.Single(poll.State.Queues);
        Assert.Equal(["completed"], queue.Estimated);
        Assert.InRange(queue.Counts["completed"], 300, 500);
        Assert.Equal(3, queue.Counts["discarded"]);
    }

    [Fact]
    public async Task EachFailedAttemptIsReportedOnceAndFailuresBeforeTheMonitorStartedAreNot()
    {
        await using var db = await MigratedAsync();
        await ObanJobs.InsertAsync(db, "retryable", "default", 2, age: TimeSpan.FromMinutes(5));
        var job = (await ObanJobs.InsertAsync(db, "executing", "default", worker: "GscAnalytics.Workers.Crawl"))[0];
        var poller = new ObanDatabasePoller("dev", Public, new ObanMonitorOptions());

        var first = await poller.PollAsync(db, default);
        await ObanJobs.FailAsync(db, job, discard: false, error: "** (RuntimeError) timeout crawling https://example.com");
        var failed = await poller.PollAsync(db, default);
        var again = await poller.PollAsync(db, default);
        await ObanJobs.FailAsync(db, job, discard: true, error: "** (ArgumentError) no site");
        var discarded = await poller.PollAsync(db, default);
        var after = await poller.PollAsync(db, default);

        Assert.Empty(first.Failures);
        var retry = Assert.Single(failed.Failures);
        Assert.Equal((job, "retryable", "GscAnalytics.Workers.Crawl", "default", 2, 20), (retry.Id, retry.State, retry.Worker, retry.Queue, retry.Attempt, retry.MaxAttempts));
        Assert.Equal("** (RuntimeError) timeout crawling https://example.com", retry.Error);
        Assert.Equal("{\"site_id\": 1}", retry.ShownArgs);
        Assert.Empty(again.Failures);
        var discard = Assert.Single(discarded.Failures);
        Assert.Equal((job, true, 3, "** (ArgumentError) no site"), (discard.Id, discard.Discarded, discard.Attempt, discard.Error));
        Assert.Empty(after.Failures);
    }

    [Fact]
    public async Task JobsCompletedBetweenPollsAreCountedByQueue()
    {
        await using var db = await MigratedAsync();
        var jobs = await ObanJobs.InsertAsync(db, "executing", "default", 3);
        var poller = new ObanDatabasePoller("dev", Public, new ObanMonitorOptions());

        await poller.PollAsync(db, default);
        await LiveCatalog.ExecuteAsync(db, $"UPDATE public.oban_jobs SET state = 'completed', completed_at = timezone('UTC', now()) WHERE id IN ({jobs[0]}, {jobs[1]})");
        var polled = await poller.PollAsync(db, default);
        var next = await poller.PollAsync(db, default);

        Assert.Equal(2, polled.Completed["default"]);
        Assert.Empty(next.Completed);
    }

    [Fact]
    public async Task ADatabaseWithoutObansSchemaSaysSoInsteadOfFailing()
    {
        await using var db = await PostgresServer.OpenAsync(await server.CreateDatabaseAsync());

        var poll = await new ObanDatabasePoller("test", Public, new ObanMonitorOptions()).PollAsync(db, default);

        Assert.Equal("no Oban schema (public.oban_jobs is missing or has no version comment)", poll.State.Problem);
        Assert.Empty(poll.State.Queues);
    }

    [Fact]
    public async Task TheMetricsCarryJobsByDatabaseQueueAndStateTheLatencyAndEachFailure()
    {
        await using var db = await MigratedAsync();
        await ObanJobs.InsertAsync(db, "available", "default", 4, waited: TimeSpan.FromSeconds(30));
        var job = (await ObanJobs.InsertAsync(db, "executing", "default"))[0];
        var poller = new ObanDatabasePoller("dev", Public, new ObanMonitorOptions());
        using var metrics = new ObanMetrics();
        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ObanMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Add((instrument.Name, value, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => seen.Add((instrument.Name, value, Tags(tags))));
        listener.Start();

        await poller.PollAsync(db, default);
        await ObanJobs.FailAsync(db, job, discard: true);
        var poll = await poller.PollAsync(db, default);
        metrics.Observed([poll.State]);
        metrics.Failed("dev", Assert.Single(poll.Failures));
        listener.RecordObservableInstruments();

        Assert.Contains(seen, m => m.Instrument == "oban.jobs" && m.Value == 4 && Tag(m, "database") == "dev" && Tag(m, "queue") == "default" && Tag(m, "state") == "available");
        Assert.Contains(seen, m => m.Instrument == "oban.jobs" && m.Value == 1 && Tag(m, "state") == "discarded");
        Assert.Contains(seen, m => m.Instrument == "oban.queue.latency" && m.Value is >= 29 and < 90 && Tag(m, "queue") == "default");
        Assert.Contains(seen, m => m.Instrument == "oban.jobs.failed" && m.Value == 1 && Tag(m, "state") == "discarded");
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
    }

    private static string? Tag((string Instrument, double Value, Dictionary<string, object?> Tags) measurement, string key) =>
        measurement.Tags.GetValueOrDefault(key) as string;

    private async Task<NpgsqlConnection> MigratedAsync()
    {
        var db = await PostgresServer.OpenAsync(await server.CreateDatabaseAsync());
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        return db;
    }
}
