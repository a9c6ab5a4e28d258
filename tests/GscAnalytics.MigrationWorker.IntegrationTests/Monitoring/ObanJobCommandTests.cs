using System.Text.Json;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers;
using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.Shared;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Monitoring;

/// <summary>The dashboard's Oban commands on a real database at version 12: exactly the rows, and the signals, Oban's own calls touch.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ObanJobCommandTests(PostgresServer server)
{
    [Fact]
    public async Task RetryFailedMakesExactlyTheRetryableAndDiscardedJobsAvailableAsRetryAllJobsDoes()
    {
        await using var db = await MigratedAsync();
        var untouched = new List<long>();
        foreach (var state in new[] { "available", "scheduled", "executing", "completed", "cancelled" })
        {
            untouched.AddRange(await ObanJobs.InsertAsync(db, state, "default"));
        }

        var retryable = await ObanJobs.InsertAsync(db, "retryable", "default", 2);
        var discarded = await ObanJobs.InsertAsync(db, "discarded", "mailers");
        await LiveCatalog.ExecuteAsync(db, $"UPDATE public.oban_jobs SET attempt = 20, max_attempts = 20 WHERE id = {discarded[0]}");
        var before = await RowsAsync(db, untouched);

        var retried = await ObanJobCommands.RetryFailedAsync(db, "public", default);

        Assert.Equal([("default", 2L), ("mailers", 1L)], retried);
        Assert.Equal(before, await RowsAsync(db, untouched));
        foreach (var id in retryable.Concat(discarded))
        {
            var row = (await LiveCatalog.QueryAsync(db,
                "SELECT state::text, scheduled_at > timezone('UTC', now()) - interval '1 minute', discarded_at IS NULL AND completed_at IS NULL AND cancelled_at IS NULL, max_attempts > attempt FROM public.oban_jobs WHERE id = $1", id)).Single();
            Assert.Equal(["available", true, true, true], row);
        }

        Assert.Equal(21, (int)(await LiveCatalog.ScalarAsync(db, "SELECT max_attempts FROM public.oban_jobs WHERE id = $1", discarded[0]))!);
    }

    [Fact]
    public async Task PruneDeletesOnlyEndedJobsScheduledBeforeTheCutOffBatchAfterBatch()
    {
        await using var db = await MigratedAsync();
        var day = TimeSpan.FromDays(1);
        await ObanJobs.InsertAsync(db, "completed", "default", ObanJobCommands.PruneBatch + 5, age: 2 * day);
        await ObanJobs.InsertAsync(db, "discarded", "default", 3, age: 2 * day);
        await ObanJobs.InsertAsync(db, "cancelled", "default", 1, age: 2 * day);
        var kept = new List<long>();
        kept.AddRange(await ObanJobs.InsertAsync(db, "completed", "default", 2, age: TimeSpan.FromHours(1)));
        kept.AddRange(await ObanJobs.InsertAsync(db, "retryable", "default", 1, age: 2 * day));
        kept.AddRange(await ObanJobs.InsertAsync(db, "available", "default", 1, waited: 2 * day));
        var cutOff = (DateTime)(await LiveCatalog.ScalarAsync(db, "SELECT timezone('UTC', now())"))! - day;

        var pruned = await ObanJobCommands.PruneAsync(db, "public", cutOff, default);

        Assert.Equal(new Dictionary<string, long> { ["completed"] = ObanJobCommands.PruneBatch + 5, ["discarded"] = 3, ["cancelled"] = 1 }, pruned);
        Assert.Equal(kept.Order(), (await LiveCatalog.QueryAsync(db, "SELECT id FROM public.oban_jobs ORDER BY id")).Select(r => (long)r[0]!));
    }

    /// <summary>
    /// Oban 2.18.3: <c>Oban.pause_all_queues/1</c> is <c>pause_queue</c> with <c>queue: :*</c> (lib/oban.ex:966-968),
    /// whose signal is <c>%{action: :pause, queue: opts[:queue], ident: scope_signal(conf, opts)}</c>, <c>:any</c> for
    /// every node (lib/oban.ex:931-939, 1342-1353; resume: 1006-1012); <c>Oban.Notifier.notify/3</c> encodes it as
    /// JSON, gzipped, in Base64 (lib/oban/notifier.ex:192-203, 302-308); the Postgres notifier sends it with
    /// <c>pg_notify</c> on <c>"#{prefix}.oban_#{channel}"</c> (lib/oban/notifiers/postgres.ex:92-101, 210-212); each
    /// queue's producer listens on <c>:signal</c> and pauses or resumes on <c>"action"</c> with <c>"queue" => "*"</c>
    /// (lib/oban/queue/producer.ex:63, 131-141).
    /// </summary>
    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task PausingOrResumingEveryQueueSendsOnObansSignalChannelThePayloadObanSends(string action)
    {
        var database = await server.CreateDatabaseAsync();
        await using var listener = await PostgresServer.OpenAsync(database);
        await using var db = await PostgresServer.OpenAsync(database);
        var received = new TaskCompletionSource<NpgsqlNotificationEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e);
        await LiveCatalog.ExecuteAsync(listener, "LISTEN \"public.oban_signal\"");

        var (channel, json) = await ObanJobCommands.SignalAllQueuesAsync(db, "public", action, default);
        await listener.WaitAsync(TimeSpan.FromSeconds(10));
        var notification = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("public.oban_signal", channel);
        Assert.Equal("public.oban_signal", notification.Channel);
        Assert.DoesNotContain("{", notification.Payload, StringComparison.Ordinal);
        var decoded = ObanJobCommands.Decode(notification.Payload);
        Assert.Equal(json, decoded);
        Assert.Equal($"{{\"action\":\"{action}\",\"ident\":\"any\",\"queue\":\"*\"}}", decoded);
        Assert.Equal(new Dictionary<string, string> { ["action"] = action, ["ident"] = "any", ["queue"] = "*" }, JsonSerializer.Deserialize<Dictionary<string, string>>(decoded));
    }

    private static async Task<List<object?[]>> RowsAsync(NpgsqlConnection db, List<long> ids) =>
        await LiveCatalog.QueryAsync(db, "SELECT id, state::text, scheduled_at, attempt, max_attempts, completed_at, discarded_at, cancelled_at FROM public.oban_jobs WHERE id = ANY($1) ORDER BY id", ids.ToArray());

    private async Task<NpgsqlConnection> MigratedAsync()
    {
        var db = await PostgresServer.OpenAsync(await server.CreateDatabaseAsync());
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions());
        return db;
    }
}
